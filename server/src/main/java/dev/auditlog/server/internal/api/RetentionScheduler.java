package dev.auditlog.server.internal.api;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the retention prune for every tenant daily at 03:00 UTC, on one platform thread of its own: the
 * prune holds a store's write lock for a while and must not tie up a request's virtual thread.
 */
public final class RetentionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);
    private static final LocalTime RUN_AT = LocalTime.of(3, 0);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("auditlog-retention").daemon(true).unstarted(r));
    private final LogStore store;
    private final RetentionPrune prune;

    private RetentionScheduler(LogStore store, RetentionPrune prune) {
        this.store = store;
        this.prune = prune;
    }

    public static RetentionScheduler start(LogStore store, RetentionPrune prune, Clock clock) {
        RetentionScheduler scheduler = new RetentionScheduler(store, prune);
        long delay = untilNextRun(clock.instant()).toMillis();
        scheduler.executor.scheduleAtFixedRate(scheduler::runAll, delay, Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** Time from {@code now} to the next 03:00 UTC (UTC has no daylight saving, so every day is 24 h). */
    static Duration untilNextRun(Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        ZonedDateTime next = utc.with(RUN_AT);
        if (!next.isAfter(utc)) next = next.plusDays(1);
        return Duration.between(utc, next);
    }

    /** One tenant's failure (e.g. an archive not yet delivered) must not stop the others. */
    private void runAll() {
        for (Tenant tenant : store.tenants()) {
            try {
                RetentionPrune.Result result = prune.runDaily(tenant.id());
                LOG.info("Retention removed {} entries of tenant {} recorded before {}{}", result.removed(), tenant.id(),
                        result.removedBefore(), result.heldBackByArchive() ? ", held back from " + result.cutoff()
                                + " by the archive: later entries are not delivered to it yet" : "");
            } catch (RuntimeException e) {
                LOG.warn("Retention skipped tenant {}: {}", tenant.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
