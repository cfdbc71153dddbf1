package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.RootCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw copies an erasure or a prune leaves of the rows it changed, until they are dropped: the journal's records of
 * those rows, and DuckDB's WAL. Dropping them makes the journal forget every record written so far (once DuckDB holds
 * them) and runs a CHECKPOINT between the applier's transactions, which writes the rows into the database file and
 * empties the WAL (ErasureOnDiskTest, ErasureDuringIngestTest). Limit: blocks checkpointed before are only marked
 * free, not zeroed, until DuckDB reuses them; their bytes are usually compressed, but not always (docs/GOVERNANCE.md).
 *
 * <p>Why a mark ({@code raw_copies}, a row the change's own transaction writes, removed once they are dropped):
 * dropping takes up to seconds and can fail (a journal directory that takes no new segment: "could not start a new
 * journal segment"), after the change has committed, so it must not fail the change, which is done. Turned into a
 * 503, it made an applied erasure look failed and lost its record (black-box report F2). So a failure is logged in one
 * line and the mark stays: the next erasure or prune drops them, and so does the next start, whose journal replay
 * deletes every old segment anyway.
 */
final class RawCopies {
    private static final Logger LOG = LoggerFactory.getLogger(RawCopies.class);

    private final GroupCommitWriter writer;
    private final JournalApplier applier;
    private final DuckDBConnection root;

    /** @param root where the mark is read and removed and the CHECKPOINT runs, outside any transaction */
    RawCopies(GroupCommitWriter writer, JournalApplier applier, DuckDBConnection root) {
        this.writer = writer;
        this.applier = applier;
        this.root = root;
    }

    /** Marks raw copies to drop, in the transaction of the change that leaves them. */
    static void mark(Connection c, long nowMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO raw_copies SELECT ? WHERE NOT EXISTS (SELECT 1 FROM raw_copies)")) {
            st.setLong(1, nowMs);
            st.executeUpdate();
        }
    }

    /** Drops the raw copies if some are marked; a failure is logged, and the mark left for the next time. */
    void dropIfMarked() {
        dropIfMarked(writer::forgetJournaled);
    }

    /** As {@link #dropIfMarked()}, with the writer held ({@link GroupCommitWriter#hold}). */
    void dropIfMarked(GroupCommitWriter.Held held) {
        dropIfMarked(held::forgetJournaled);
    }

    /**
     * Drops what the first passes of an erasure left, before its last pass holds the writer: on a large log that took
     * seconds, which appends need not wait for. A failure leaves the mark for the last pass's {@link #dropIfMarked}, so it
     * is not logged as raw copies left (with appends going on, DuckDB sometimes refused the CHECKPOINT: "there are other
     * write transactions active", which it never did with the writer held).
     */
    void dropBeforeTheLastPass() {
        try {
            drop(writer::forgetJournaled);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Raw copies are left for the erasure's last pass to drop", e);
        }
    }

    private void dropIfMarked(Runnable forgetJournaled) {
        try {
            drop(forgetJournaled);
        } catch (SQLException | RuntimeException e) { // the change is done: nothing here may fail it
            LOG.error("Raw copies of rows an erasure or a prune changed stay in the journal or DuckDB's WAL until the next "
                    + "erasure, prune or start drops them: {}", RootCause.describe(e));
            LOG.debug("The failure logged above", e);
        }
    }

    private void drop(Runnable forgetJournaled) throws SQLException {
        if (!marked()) return;
        forgetJournaled.run();
        applier.checkpoint(root);
        try (Statement st = root.createStatement()) {
            st.execute("DELETE FROM raw_copies");
        }
    }

    private boolean marked() throws SQLException {
        try (Statement st = root.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM raw_copies")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
