package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.StoreException;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's own writes (tenants, keys, settings, an erasure's rewrite, a prune), each in one transaction on a DuckDB
 * connection opened for it and closed after it. The store serialises them.
 *
 * <p>Why a connection per transaction: DuckDB's JDBC driver keeps on the Java side whether a transaction is running,
 * and a COMMIT that DuckDB refuses (a full disk: "Could not write file …wal: No space left on device") ends DuckDB's
 * transaction but not the driver's belief in it. On the one connection these writes shared, every later write then ran
 * each statement in a transaction of its own, committed at once, and failed at its COMMIT with "no transaction is
 * active": settings, tenants, erasures and prunes answered 503 and took effect all the same, without the entries that
 * record them, until a restart (black-box report F1; the applier learnt the same, {@link JournalApplier}). A new
 * connection starts in step, and opening one costs nothing beside such a write.
 *
 * <p>What a failed commit leaves, as DuckDB 1.5 does it (measured on a full tmpfs): when the commit cannot write its
 * WAL, DuckDB cuts the WAL back and rolls the transaction back, so nothing changed, and the next commit works once there
 * is space. When the WAL was written but the checkpoint that commit set off failed, DuckDB reports "Transaction COMMIT
 * succeeded and is durable, but the autocheckpoint failed" and refuses all work until it is reopened: the change is in
 * the database, so it counts as committed here ({@link #committedAnyway}), and the line logged tells the operator to
 * restart the server.
 */
final class AdminTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(AdminTransactions.class);
    private static final String DURABLE_ALL_THE_SAME = "COMMIT succeeded and is durable";

    /** Work in a transaction on its connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(DuckDBConnection c) throws SQLException;
    }

    private final DuckDBConnection root;

    /** @param root the connection the transactions' own connections are opened from */
    AdminTransactions(DuckDBConnection root) {
        this.root = root;
    }

    /**
     * Runs {@code work} in one transaction and returns what it returned once that committed. Whatever {@code work}
     * throws rolls it back; a failed commit is a {@link StoreException} saying {@code failure}.
     */
    <T> T run(String failure, Work<T> work) {
        try (DuckDBConnection c = (DuckDBConnection) root.duplicate()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            }
            commit(c);
            return result;
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }

    private static void commit(DuckDBConnection c) throws SQLException {
        try {
            c.commit();
        } catch (SQLException e) {
            if (!committedAnyway(e)) throw e;
            LOG.error("DuckDB took a transaction but the checkpoint after it failed, and it refuses all work until the server "
                    + "restarts: {}", e.getMessage());
        }
    }

    /** Whether DuckDB made the transaction durable although its commit reports a failure (see the class comment). */
    static boolean committedAnyway(SQLException commitFailure) {
        return commitFailure.getMessage() != null && commitFailure.getMessage().contains(DURABLE_ALL_THE_SAME);
    }

    /** The connection is closed next, which would roll back too; an explicit rollback says so, and its failure is noted. */
    private static void rollback(DuckDBConnection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
