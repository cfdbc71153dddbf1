package dev.auditlog.store.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.auditlog.core.store.FilterSql;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.StoreGauge;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;

/**
 * The connection pool to the store's database, migrated to the current schema when opened. Every
 * connection commits synchronously: an acknowledged append must survive a crash of the server. Once work has
 * found the database unreachable, requests fail at once rather than wait for the pool (see {@link Reachability}).
 *
 * <p>Streamed reads (exports, scans) take their connections from a pool of their own. A stream holds its connection
 * for as long as its consumer takes, which is as long as the client takes to read the download: clients that read
 * slowly, or not at all, would otherwise hold the whole pool, and every tenant's appends and queries would wait for a
 * connection and fail. They now hold at most the stream pool, a stalled one for {@link
 * dev.auditlog.core.store.Handoff#STALL_LIMIT}.
 */
final class Database implements AutoCloseable {
    /** Work done with a pooled connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** What Flyway calls a migration the schema history holds and this build does not. */
    private static final Set<MigrationState> FUTURE = EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);
    private static final int POOL_SIZE = 8;
    private static final int STREAM_POOL_SIZE = 4;
    /**
     * How long a stream waits for a connection of its pool: as long as the streams ahead of it may take. A stalled one
     * gives its connection up after {@link dev.auditlog.core.store.Handoff#STALL_LIMIT}; failing the waiting export after
     * the pool's usual 10 s instead broke a JSON download whose first bytes were already sent.
     */
    private static final long STREAM_CONNECTION_TIMEOUT_MS = 300_000;
    /**
     * How long a request waits for a connection from a busy pool (Hikari's default is 30 s). A request that finds
     * PostgreSQL gone waits this long only until some request has noticed it: the store is then down and fails at once.
     */
    private static final long CONNECTION_TIMEOUT_MS = 10_000;
    private static final int VALIDATION_SECONDS = 2;
    /**
     * How long {@link #problem} waits for a pooled connection before it asks PostgreSQL directly: a health check
     * must answer within a load balancer's timeout (often 2–5 s) even while the pool waits for a dead database.
     */
    private static final long POOLED_CHECK_MS = 1_000;

    private final HikariDataSource pool;
    private final HikariDataSource streams;
    private final Reachability reachability;
    private final FilterSql.Substring search;

    private Database(HikariDataSource pool, HikariDataSource streams, Reachability reachability, FilterSql.Substring search) {
        this.pool = pool;
        this.streams = streams;
        this.reachability = reachability;
        this.search = search;
    }

    static Database open(String jdbcUrl) {
        ConnectFailure.inUrl(jdbcUrl).ifPresent(reason -> {
            throw new StoreException("could not connect to the PostgreSQL store: " + reason, null);
        });
        HikariDataSource pool = pool(jdbcUrl, "auditlog-postgres", POOL_SIZE, CONNECTION_TIMEOUT_MS);
        HikariDataSource streams;
        FilterSql.Substring search;
        try {
            // Before the schema is touched: a database refused for its encoding is left as it was
            try (Connection c = pool.getConnection()) {
                search = SearchCollation.choose(c);
            } catch (SQLException e) {
                throw new StoreException("could not connect to the PostgreSQL store: " + ConnectFailure.reason(e), e);
            }
            migrate(pool);
            streams = pool(jdbcUrl, "auditlog-postgres-streams", STREAM_POOL_SIZE, STREAM_CONNECTION_TIMEOUT_MS);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, streams, new Reachability(directConnection(jdbcUrl), () -> {
            pool.getHikariPoolMXBean().softEvictConnections();
            streams.getHikariPoolMXBean().softEvictConnections();
        }), search);
    }

    /** How {@code q} lowers descriptions in this database ({@link SearchCollation}). */
    FilterSql.Substring search() {
        return search;
    }

    /**
     * Brings the schema to this build's version. A schema a newer build migrated is refused (Flyway only warns of one by
     * default): an older server beside a newer one, or after a rollback, has written rows the newer schema reads
     * otherwise, and answered erasures as done while leaving the names in place.
     */
    private static void migrate(HikariDataSource pool) {
        Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql")
                .table("auditlog_schema_history").ignoreMigrationPatterns(new String[0]).load();
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            // Other failures of validation (an applied migration's checksum changed, one missing) are no newer schema
            if (Arrays.stream(flyway.info().all()).noneMatch(m -> FUTURE.contains(m.getState()))) throw e;
            String applied = Optional.ofNullable(flyway.info().current()).map(m -> m.getVersion().getVersion()).orElse("?");
            throw new StoreException("the PostgreSQL schema is at version " + applied + ", newer than this build of Auditlog "
                    + "knows: a newer Auditlog migrated it. Run that version (stop every older server first), or restore the "
                    + "database from a backup taken before the upgrade", e);
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String name, int size, long connectionTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setConnectionInitSql("SET synchronous_commit = on");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "auditlog");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("could not connect to the PostgreSQL store: " + ConnectFailure.reason(e), e);
        }
    }

    /** Connections in use, idle and waited for, in each pool: {@code main} and {@code streams}. */
    List<StoreGauge> gauges() {
        List<StoreGauge> gauges = new ArrayList<>();
        for (var named : Map.of("main", pool, "streams", streams).entrySet()) {
            Map<String, String> tags = Map.of("pool", named.getKey());
            HikariDataSource source = named.getValue();
            gauges.add(new StoreGauge("auditlog.store.connections.active", "PostgreSQL connections in use", tags,
                    () -> source.getHikariPoolMXBean().getActiveConnections()));
            gauges.add(new StoreGauge("auditlog.store.connections.idle", "PostgreSQL connections open and idle", tags,
                    () -> source.getHikariPoolMXBean().getIdleConnections()));
            gauges.add(new StoreGauge("auditlog.store.connections.waiting", "Requests waiting for a PostgreSQL connection", tags,
                    () -> source.getHikariPoolMXBean().getThreadsAwaitingConnection()));
        }
        return gauges;
    }

    /** One connection outside the pool, with every timeout of the driver at {@link Reachability.Probe#TIMEOUT_SECONDS}. */
    private static Reachability.Probe directConnection(String jdbcUrl) {
        Properties properties = new Properties();
        for (String timeout : new String[] {"connectTimeout", "loginTimeout", "socketTimeout"}) {
            properties.setProperty(timeout, String.valueOf(Reachability.Probe.TIMEOUT_SECONDS));
        }
        properties.setProperty("ApplicationName", "auditlog");
        return () -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
                c.isValid(Reachability.Probe.TIMEOUT_SECONDS);
            }
        };
    }

    /**
     * Why the database cannot be used right now (no connection, or one that does not answer), if it cannot; within
     * about {@link #POOLED_CHECK_MS} plus {@link Reachability.Probe#TIMEOUT_SECONDS}, whatever the database does.
     */
    Optional<String> problem() {
        if (!reachability.isDown()) {
            CompletableFuture<Optional<String>> pooled = CompletableFuture.supplyAsync(this::pooledProblem,
                    task -> Thread.ofVirtual().start(task));
            try {
                return pooled.get(POOLED_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // A busy pool, or one waiting for a database that is gone: PostgreSQL itself says which.
            } catch (ExecutionException e) {
                return Optional.of("PostgreSQL could not be checked: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while checking PostgreSQL");
            }
        }
        return reachability.check().map(e -> "no connection to PostgreSQL: " + e.getMessage());
    }

    private Optional<String> pooledProblem() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(VALIDATION_SECONDS) ? Optional.empty() : Optional.of("PostgreSQL does not answer");
        } catch (SQLException e) {
            reachability.failed(e);
            return Optional.of("no connection to PostgreSQL: " + e.getMessage());
        }
    }

    /** Runs work on a connection in auto-commit mode. */
    <T> T call(SqlWork<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            reachability.failed(e);
            // Why it cannot be reached, not the pool's wording of its timeout (its name and connection counts)
            SQLException unreachable = Reachability.unreachableIn(e);
            throw new StoreException(unreachable == null ? "database error: " + e.getMessage()
                    : "PostgreSQL cannot be reached (" + unreachable.getMessage() + ")", e);
        }
    }

    /**
     * Runs reads that must agree with each other on one snapshot: a read-only REPEATABLE READ transaction, where each
     * statement of auto-commit mode (READ COMMITTED) would see what committed before it. Both are set before the
     * transaction's first statement begins it; the pool resets them when the connection returns to it.
     */
    <T> T snapshot(SqlWork<T> work) {
        return call(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return inTransaction(c, work);
        });
    }

    /** Runs work in one transaction: committed when it returns, rolled back whatever it throws. */
    <T> T transaction(SqlWork<T> work) throws SQLException {
        return transaction(pool, work);
    }

    /** The same on a connection of the stream pool, for a read whose rows go to a client as it reads them. */
    <T> T streamTransaction(SqlWork<T> work) throws SQLException {
        return transaction(streams, work);
    }

    private <T> T transaction(HikariDataSource from, SqlWork<T> work) throws SQLException {
        reachability.refuseWhileDown();
        try (Connection c = from.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            reachability.failed(e);
            throw e;
        }
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) { // auto-commit on again below would commit the half done
            rollback(c, e);
            throw e;
        } finally {
            // The pool closes a connection that broke; a failure to reset it would hide why it broke.
            if (!c.isClosed()) c.setAutoCommit(true);
        }
    }

    /** A rollback on a connection that broke fails too; the failure that broke the work is the one to report. */
    private static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** A pooled connection, unless the database is known to be unreachable and still is (then a StoreException at once). */
    private Connection connection() throws SQLException {
        reachability.refuseWhileDown();
        return pool.getConnection();
    }

    @Override
    public void close() {
        streams.close();
        pool.close();
    }
}
