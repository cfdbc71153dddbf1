package dev.auditlog.bench;

import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

/**
 * The retention prune of {@link BenchConfig#pruneEntries()} old entries, and what it does to ingest running at
 * the same time: acknowledgement p99 at a steady rate without a prune, then with one.
 */
final class Prune implements Section {
    static final String TITLE = "Retention prune";
    /** The steady ingest beside the prune: calls of 10 events, a light production load. */
    private static final int CALL_EVENTS = 10;
    private static final double CALLS_PER_SECOND = 500;

    /** The system clock shifted by an adjustable offset: entries can be recorded "a year ago". */
    private static final class ShiftedClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        Path dir = config.workDir().resolve("prune");
        ShiftedClock clock = new ShiftedClock();
        clock.offset = Duration.ofDays(-400);
        int batch = 1_000;
        SampleBatches old = new SampleBatches(batch, 100, 17);
        SampleBatches steady = new SampleBatches(CALL_EVENTS, 1_000, 19);
        long steadyCalls = (long) (CALLS_PER_SECOND * (config.quick() ? 1 : 10));
        try (LogStore store = EmbeddedStore.open(dir, clock)) {
            store.createTenant(new Tenant("bench", "Benchmark", clock.instant()));
            Load.closed(LibraryIngest.CALLERS, Math.max(1, config.pruneEntries() / batch), n -> store.append("bench", old.get(n)));
            store.query("bench", EntryQuery.all()); // the steady runs start once DuckDB holds the loaded entries
            clock.offset = Duration.ZERO;
            Load.Result quiet = Load.open(CALLS_PER_SECOND, steadyCalls, n -> store.append("bench", steady.get(n)));

            Instant cutoff = Instant.now().minus(Duration.ofDays(365));
            long t0 = System.nanoTime();
            CompletableFuture<Long> pruning = CompletableFuture.supplyAsync(() -> store.prune("bench", cutoff));
            Load.Result during = Load.open(CALLS_PER_SECOND, steadyCalls, n -> store.append("bench", steady.get(n)));
            long pruned = pruning.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!store.verify("bench").ok()) throw new IllegalStateException("the log does not verify after the prune");

            String load = String.format("%,.0f events/s in calls of %d", CALLS_PER_SECOND * CALL_EVENTS, CALL_EVENTS);
            report.figure(TITLE, String.format("prune of %,d entries: duration", pruned), seconds, "s");
            report.figure(TITLE, "ingest p99 without a prune (" + load + ")", quiet.latencies().percentileMs(0.99), "ms");
            report.figure(TITLE, "ingest p99 during the prune (" + load + ")", during.latencies().percentileMs(0.99), "ms");
            report.note(TITLE, "The prune runs in one transaction that moves the removed entries' leaf hashes to "
                    + "`pruned_leaves` and deletes the entries, then lets the journal drop what DuckDB holds and "
                    + "checkpoints DuckDB. Appends are acknowledged from the journal meanwhile: they wait for the prune "
                    + "only through the applier's backlog (up to 128 MB of records). The log verifies afterwards (checked).");
        } finally {
            BenchMain.deleteTree(dir);
        }
    }
}
