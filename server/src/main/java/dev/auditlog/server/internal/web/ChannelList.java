package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.LogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels the Channel filter suggests: those the tenant's log holds, as peer products list them ("the log
 * channels actually present in your data"), so an admin picks one instead of guessing its spelling. Each page
 * load would otherwise read a column of the whole log, so a tenant's list is kept for {@link #FRESH_FOR}: a channel
 * first used meanwhile is suggested a little later, and can be typed in the meantime.
 */
final class ChannelList {
    static final Duration FRESH_FOR = Duration.ofMinutes(1);

    private record Listed(List<String> channels, Instant at) {
    }

    private final LogStore store;
    private final Clock clock;
    private final Map<String, Listed> listed = new ConcurrentHashMap<>();

    ChannelList(LogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<String> of(String tenant) {
        Instant now = clock.instant();
        Listed known = listed.get(tenant);
        if (known != null && known.at().plus(FRESH_FOR).isAfter(now)) return known.channels();
        List<String> channels = List.copyOf(store.channels(tenant));
        listed.put(tenant, new Listed(channels, now));
        return channels;
    }
}
