package dev.auditlog.bench;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.internal.DuckDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * How close the embedded store comes to its engine: the same rows written by DuckDB's own appender with none
 * of Auditlog around it — no leaf hashing, no Merkle tiles, no signed checkpoint, no idempotency lookup, no
 * queue, no extra indexes. The rows are genuinely the same: events go through the product first, its
 * {@code entries} rows are read back, and one connection appends them into a fresh file with the same table
 * definition, committing once per batch (durably, as the product's commits are).
 */
final class EngineCeiling implements Section {
    static final String TITLE = "Engine ceiling (DuckDB appender, same rows)";
    static final String SERIES = "DuckDB appender, same rows, no hashing";
    /**
     * The largest commit the product's group commit can form in the headline run: every caller's call merged
     * into one transaction. The fair ceiling to hold the headline figure against.
     */
    static final int GROUP_COMMIT_ROWS = LibraryIngest.CALLERS * LibraryIngest.HEADLINE_BATCH;
    static final int[] BATCH_SIZES = {1, 10, 100, 1000, GROUP_COMMIT_ROWS};
    /**
     * More {@code checkpoint_threshold}s the ceiling at {@link #GROUP_COMMIT_ROWS} rows per commit is measured
     * at, besides the product's: the fraction is taken against the fastest. The product's setting is chosen for
     * its acknowledgement latency, with DuckDB's WAL folds off the acknowledgement path; the ceiling folds inside
     * its commits, and a smaller threshold slows it more than it slows the product. The ceiling must not be
     * weakened by a setting that suits the product.
     */
    private static final List<String> MORE_THRESHOLDS = List.of("256MB", "1GB");
    /** Rows read back and appended round-robin: more than a DuckDB row group (122,880 rows). */
    private static final int ROW_POOL = 200_000;

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        Path dir = config.workDir().resolve("engine-ceiling");
        try {
            Path product = dir.resolve("product");
            int batch = LibraryIngest.HEADLINE_BATCH;
            Load.Result r;
            try (LogStore store = LibraryIngest.open(product)) {
                r = LibraryIngest.ingest(store, batch, config.ingestEvents(), Double.POSITIVE_INFINITY);
            }
            double ours = r.calls() * batch / r.seconds();
            report.figure(TITLE, String.format("Auditlog library API, %d callers × %d events per call: events/s",
                    LibraryIngest.CALLERS, batch), ours, "events/s");

            Rows rows = Rows.read(product.resolve("auditlog.duckdb"), Math.min(config.ingestEvents(), ROW_POOL));
            double ceiling = 0;
            for (int size : BATCH_SIZES) {
                double perSecond = ceiling(config, rows, dir, size, DuckDbStore.CHECKPOINT_THRESHOLD);
                report.point(SERIES, size, perSecond);
                report.figure(TITLE, String.format("DuckDB appender, %,d rows per commit: rows/s", size), perSecond, "rows/s");
                if (size == GROUP_COMMIT_ROWS) ceiling = perSecond;
            }
            for (String threshold : MORE_THRESHOLDS) {
                double perSecond = ceiling(config, rows, dir, GROUP_COMMIT_ROWS, threshold);
                report.figure(TITLE, String.format("DuckDB appender, %,d rows per commit, checkpoint_threshold %s: rows/s",
                        GROUP_COMMIT_ROWS, threshold), perSecond, "rows/s");
                ceiling = Math.max(ceiling, perSecond);
            }
            report.figure(TITLE, String.format("Auditlog library ingest as a fraction of the engine ceiling (%,d rows per "
                    + "commit, the fastest threshold)", GROUP_COMMIT_ROWS), ours / ceiling, "fraction", Target.atLeast(0.70));
            report.note(TITLE, "The ceiling is one DuckDB connection (the product, too, writes from one thread) "
                    + "appending the very rows the embedded store wrote (read back from its file, appended into a "
                    + "fresh file with the same `CREATE TABLE`, no indexes on either) with DuckDB's appender, "
                    + "committing once per batch like the product: a statement opens the transaction, the appender "
                    + "joins it, `commit()` makes it durable. Nothing of Auditlog runs: no leaf hashing, no Merkle "
                    + "tile rows, no signed checkpoint row, no idempotency lookup, no queue, no journal. Auditlog's "
                    + "figure counts until the store can read the last event, so DuckDB holds every row in both.");
            report.note(TITLE, String.format("Which comparison is fair: the product's group commit merges the calls "
                    + "waiting in its queue into one transaction, so at %d callers × %d events per call its commits "
                    + "carry up to %,d rows, not %d. The fraction is therefore taken against the ceiling at %,d rows "
                    + "per commit; against the ceiling at %d rows per commit it would flatter Auditlog.",
                    LibraryIngest.CALLERS, batch, GROUP_COMMIT_ROWS, batch, GROUP_COMMIT_ROWS, batch));
            report.note(TITLE, String.format("Which setting: DuckDB folds its WAL into the file inside the commit that "
                    + "takes it past `checkpoint_threshold`. The product sets %s, which keeps the folds short (its "
                    + "acknowledgements no longer wait for them, but its journal's disk writes queue behind their "
                    + "writes); the ceiling, which folds inside its commits, is faster with a larger threshold. So "
                    + "the ceiling at %,d rows per commit is also measured at %s, and the fraction is taken against "
                    + "the fastest of them.", DuckDbStore.CHECKPOINT_THRESHOLD, GROUP_COMMIT_ROWS,
                    String.join(" and ", MORE_THRESHOLDS)));
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /** The ceiling's rows/s at {@code size} rows per commit with DuckDB's {@code checkpoint_threshold} at {@code threshold}. */
    private static double ceiling(BenchConfig config, Rows rows, Path dir, int size, String threshold) throws Exception {
        // From 1,000 rows per commit on, as many rows as the product run wrote: DuckDB then folds its WAL into the
        // file as often as it did for the product (a pause each time). Smaller batches are slow per row; they stop
        // after a few seconds, far below that threshold.
        int limit = size == 1 ? config.ingestEvents() / 10 : config.ingestEvents();
        double seconds = size >= 1000 ? Double.POSITIVE_INFINITY : config.quick() ? 0.5 : 8;
        Path ceilingDir = Files.createDirectories(dir.resolve("ceiling-" + size + "-" + threshold));
        try {
            return rows.appendInto(ceilingDir.resolve("ceiling.duckdb"), threshold, size, limit, seconds);
        } finally {
            BenchMain.deleteTree(ceilingDir);
        }
    }

    /** Rows of the product's {@code entries} table, held in memory, with the table's definition. */
    private record Rows(String createTable, List<Object[]> values) {
        static Rows read(Path database, int limit) throws SQLException {
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly);
                 Statement st = c.createStatement()) {
                String ddl;
                try (ResultSet rs = st.executeQuery("SELECT sql FROM duckdb_tables() WHERE table_name = 'entries'")) {
                    rs.next();
                    ddl = rs.getString(1);
                }
                List<Object[]> values = new ArrayList<>(limit);
                try (ResultSet rs = st.executeQuery("SELECT * FROM entries ORDER BY seq LIMIT " + limit)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Object[] row = new Object[meta.getColumnCount()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = meta.getColumnType(i + 1) == Types.BLOB ? bytes(rs.getBlob(i + 1)) : rs.getObject(i + 1);
                        }
                        values.add(row);
                    }
                }
                return new Rows(ddl, values);
            }
        }

        /**
         * Appends rows round-robin into a new table in {@code database} (DuckDB's {@code checkpoint_threshold} at
         * {@code threshold}), {@code batch} rows per commit, until
         * {@code limit} rows or {@code seconds} have passed; answers rows per second. One batch first, untimed,
         * warms the JIT.
         */
        double appendInto(Path database, String threshold, int batch, int limit, double seconds) throws SQLException {
            try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database)) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET checkpoint_threshold = '" + threshold + "'");
                    st.execute(createTable);
                }
                c.setAutoCommit(false);
                int next = commitBatch(c, batch, 0);
                long appended = 0;
                long start = System.nanoTime();
                long deadline = start + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
                while (appended < limit && System.nanoTime() - deadline < 0) {
                    next = commitBatch(c, batch, next);
                    appended += batch;
                }
                return appended / ((System.nanoTime() - start) / 1e9);
            }
        }

        /**
         * One transaction of {@code batch} rows starting at row {@code from}; answers the next row. The statement
         * first matters: turning auto-commit off opens no transaction, and without one the appender commits on
         * its own (the product's writer does the same).
         */
        private int commitBatch(DuckDBConnection c, int batch, int from) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
            int next = from;
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "entries")) {
                for (int i = 0; i < batch; i++) {
                    a.beginRow();
                    for (Object v : values.get(next)) append(a, v);
                    a.endRow();
                    next = (next + 1) % values.size();
                }
                a.flush();
            }
            c.commit();
            return next;
        }

        private static void append(DuckDBAppender a, Object value) throws SQLException {
            switch (value) {
                case null -> a.appendNull();
                case String s -> a.append(s);
                case Long l -> a.append((long) l);
                case byte[] b -> a.append(b);
                default -> throw new IllegalStateException("no appender call for a column of " + value.getClass());
            }
        }

        private static byte[] bytes(Blob blob) throws SQLException {
            return blob == null ? null : blob.getBytes(1, (int) blob.length());
        }
    }
}
