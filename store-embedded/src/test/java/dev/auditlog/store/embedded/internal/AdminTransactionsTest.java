package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failed commits DuckDB made durable all the same. The messages are DuckDB 1.5's, taken from commits that failed
 * on a full tmpfs: one whose WAL write failed (rolled back), one whose WAL was written before the checkpoint it set off
 * failed (durable).
 */
class AdminTransactionsTest {
    @Test
    void aCommitWhoseCheckpointFailedAfterItsWalWasWrittenCountsAsCommitted() {
        assertThat(AdminTransactions.committedAnyway(new SQLException("FATAL Error: Transaction COMMIT succeeded and is durable, "
                + "but the autocheckpoint failed. Reopen the database instance to recover. Failed to create checkpoint because of "
                + "error: Could not write file \"/data/auditlog.duckdb\": No space left on device"))).isTrue();
    }

    @Test
    void aCommitWhoseWalCouldNotBeWrittenDidNotCommit() {
        assertThat(AdminTransactions.committedAnyway(new SQLException("TransactionContext Error: Failed to commit: Could not write "
                + "file \"/data/auditlog.duckdb.wal\": No space left on device"))).isFalse();
        assertThat(AdminTransactions.committedAnyway(new SQLException((String) null))).isFalse();
    }
}
