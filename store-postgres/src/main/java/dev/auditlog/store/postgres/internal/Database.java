package dev.auditlog.store.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.auditlog.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The connection pool to the store's database, migrated to the current schema when opened. Every
 * connection commits synchronously: an acknowledged append must survive a crash of the server.
 */
final class Database implements AutoCloseable {
    /** Work done with a pooled connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int POOL_SIZE = 8;
    /**
     * How long a request waits for a connection (Hikari's default is 30 s): with PostgreSQL gone, a query or an
     * append fails after this instead of hanging half a minute, and {@link #problem} answers within it.
     */
    private static final long CONNECTION_TIMEOUT_MS = 10_000;
    private static final int VALIDATION_SECONDS = 2;

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    static Database open(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("auditlog-postgres");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setConnectionInitSql("SET synchronous_commit = on");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "auditlog");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The driver's message says what failed (refused, unknown host, bad password); the pool's wrapping adds nothing.
            String reason = e.getCause() instanceof SQLException cause ? cause.getMessage() : e.getMessage();
            throw new StoreException("could not connect to the PostgreSQL store: " + reason, e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql")
                    .table("auditlog_schema_history").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    /** Why the database cannot be used right now (no connection, or one that does not answer), if it cannot. */
    Optional<String> problem() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(VALIDATION_SECONDS) ? Optional.empty() : Optional.of("PostgreSQL does not answer");
        } catch (SQLException e) {
            return Optional.of("no connection to PostgreSQL: " + e.getMessage());
        }
    }

    /** Runs work on a connection in auto-commit mode. */
    <T> T call(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back whatever it throws. */
    <T> T transaction(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) { // auto-commit on again below would commit the half done
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
