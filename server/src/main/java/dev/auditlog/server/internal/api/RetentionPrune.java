package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One retention run for one tenant (CONTRACT §5): removes the entries recorded before now − retention_days
 * (never fewer than {@value Settings#MIN_RETENTION_DAYS} days) and records the run as {@code retention.pruned}
 * by the system actor. Shared by {@code POST …/retention/run} and the daily {@link RetentionScheduler}.
 *
 * <p>A prune must never remove an entry not yet delivered to a configured archive. Archive delivery is not
 * built yet, so a tenant with an archive other than {@code none} is refused (409) rather than pruned.
 */
public final class RetentionPrune {
    /** What a run removed, and the instant before which entries were recorded to be removed. */
    public record Result(long removed, Instant cutoff) {
    }

    private final LogStore store;
    private final ServerEntries entries;
    private final Clock clock;

    public RetentionPrune(LogStore store, HttpMetrics metrics, Clock clock) {
        this.store = store;
        this.entries = new ServerEntries(store, metrics);
        this.clock = clock;
    }

    public Result run(String tenant) {
        Settings settings = store.settings(tenant);
        if (!Archive.NONE_TYPE.equals(settings.archive().type())) {
            throw new ApiProblem(409, "Conflict", "the tenant has a " + settings.archive().type()
                    + " archive, and archive delivery is not available yet: pruning could remove undelivered entries");
        }
        int days = Math.max(settings.retentionDays(), Settings.MIN_RETENTION_DAYS);
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        long removed = store.prune(tenant, cutoff);
        ObjectNode metadata = Json.object().put("removed", removed).put("cutoff", Times.format(cutoff));
        entries.recordBySystem(tenant, "audit", "retention.pruned", EventType.DELETED,
                "Retention removed " + removed + " entries recorded before " + Times.format(cutoff), metadata);
        return new Result(removed, cutoff);
    }
}
