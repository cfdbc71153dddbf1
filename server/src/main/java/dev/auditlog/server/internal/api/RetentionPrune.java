package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;

/**
 * One retention run for one tenant (CONTRACT §5): removes the entries recorded before now − retention_days
 * (never fewer than {@value Settings#MIN_RETENTION_DAYS} days) and records the run as {@code retention.pruned}
 * by the system actor. Shared by {@code POST …/retention/run} and the daily {@link RetentionScheduler}.
 *
 * <p>A prune never removes an entry not yet delivered to a configured archive: the cutoff is moved back to
 * the recorded time of the first undelivered entry. Recorded times never decrease along seq, so every entry
 * recorded before that time is delivered.
 */
public final class RetentionPrune {
    /**
     * What a run removed; its {@code cutoff}, now − retention_days, as CONTRACT §5 answers it; and the instant before
     * which entries were recorded to be removed: the cutoff, or earlier when {@code heldBackByArchive}, as entries from
     * then on are not yet delivered to the archive.
     */
    public record Result(long removed, Instant cutoff, Instant removedBefore, boolean heldBackByArchive) {
    }

    private final LogStore store;
    private final ServerEntries entries;
    private final Clock clock;
    private final ToLongFunction<String> undeliveredFrom;

    /** @param undeliveredFrom a tenant's first seq not yet delivered to its archive (any larger value: none) */
    public RetentionPrune(LogStore store, HttpMetrics metrics, Clock clock, ToLongFunction<String> undeliveredFrom) {
        this.store = store;
        this.entries = new ServerEntries(store, metrics);
        this.clock = clock;
        this.undeliveredFrom = undeliveredFrom;
    }

    /**
     * A run asked for (CONTRACT §5): recorded as a {@code retention.pruned} entry even when it removed nothing, with
     * who asked for it in its metadata (the entry's actor is the system, which removes the entries).
     */
    public Result run(String tenant, Caller requestedBy) {
        return prune(tenant, requestedBy, true);
    }

    /**
     * The daily run: recorded only when it removed something, or every tenant's log would gain an entry a day
     * saying nothing happened (the server's log has a line for each run).
     */
    public Result runDaily(String tenant) {
        return prune(tenant, null, false);
    }

    private Result prune(String tenant, Caller requestedBy, boolean recordNothingRemoved) {
        int days = Math.max(store.settings(tenant).retentionDays(), Settings.MIN_RETENTION_DAYS);
        Instant retained = clock.instant().minus(Duration.ofDays(days));
        Optional<Instant> undelivered = firstUndelivered(tenant).filter(t -> t.isBefore(retained));
        Instant removedBefore = undelivered.orElse(retained);
        boolean heldBack = undelivered.isPresent();
        LongPredicate recorded = removedEntries -> removedEntries > 0 || recordNothingRemoved;
        long removed = store.prune(tenant, removedBefore, pruned -> {
            if (!recorded.test(pruned)) return Optional.empty();
            ObjectNode metadata = Json.object().put("removed", pruned).put("cutoff", Times.format(retained));
            if (heldBack) metadata.put("held_back_by_archive", true).put("removed_before", Times.format(removedBefore));
            if (requestedBy != null) metadata.put("requested_by", requestedBy.actor().id());
            return Optional.of(entries.eventBySystem("audit", "retention.pruned", EventType.DELETED, "Retention removed " + pruned
                    + " entries recorded before " + Times.format(removedBefore) + (heldBack ? ", held back from "
                    + Times.format(retained) + " by entries not yet delivered to the archive" : ""), metadata));
        });
        if (recorded.test(removed)) entries.appendedByStore();
        return new Result(removed, retained, removedBefore, heldBack);
    }

    private Optional<Instant> firstUndelivered(String tenant) {
        long seq = undeliveredFrom.applyAsLong(tenant);
        if (seq >= store.checkpoint(tenant).size()) return Optional.empty();
        return store.query(tenant, EntryQuery.all().withBeforeSeq(seq + 1).withLimit(1)).entries().stream()
                .findFirst().map(Entry::recordedAt);
    }
}
