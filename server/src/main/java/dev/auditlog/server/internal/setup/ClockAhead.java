package dev.auditlog.server.internal.setup;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up warnings about logs whose newest entry was recorded in the future of this server's clock. A store never
 * lets {@code recorded_at} run backwards within a log, so after a clock that ran ahead was corrected, every new entry
 * carries the newest entry's time until the clock passes it: possibly for weeks, with nothing else to say why.
 */
public final class ClockAhead {
    /** Ahead by more than this: clocks of servers sharing a database, or NTP steps, differ by far less. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private ClockAhead() {
    }

    /** One warning per tenant whose newest entry is more than {@link #TOLERANCE} ahead of {@code clock}. */
    public static List<String> warnings(LogStore store, Clock clock) {
        Instant now = clock.instant();
        List<String> warnings = new ArrayList<>();
        for (Tenant tenant : store.tenants()) {
            List<Entry> newest = store.query(tenant.id(), EntryQuery.all().withLimit(1)).entries();
            if (newest.isEmpty()) continue;
            Instant recordedAt = newest.getFirst().recordedAt();
            Duration ahead = Duration.between(now, recordedAt);
            if (ahead.compareTo(TOLERANCE) > 0) {
                warnings.add("Tenant " + tenant.id() + ": its newest entry was recorded at " + recordedAt + ", "
                        + describe(ahead) + " ahead of this server's clock (" + now + "); recorded_at never goes "
                        + "backwards within a log, so new entries will carry " + recordedAt
                        + " until the clock passes it (was the clock ahead and then corrected?)");
            }
        }
        return warnings;
    }

    private static String describe(Duration ahead) {
        if (ahead.toDays() >= 2) return ahead.toDays() + " days";
        if (ahead.toHours() >= 2) return ahead.toHours() + " hours";
        return ahead.toMinutes() + " minutes";
    }
}
