package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RootCauseTest {
    @Test
    void aFailureIsDescribedByItsMessageAndWhatItsRootCauseSays() {
        IOException replay = new IOException("could not replay journal record 1124", new SQLException(
                "TransactionContext Error: Failed to commit: Could not write file \"fd/auditlog.duckdb.wal\": No space left on device"));
        assertThat(RootCause.describe(replay)).isEqualTo("could not replay journal record 1124: TransactionContext Error: "
                + "Failed to commit: Could not write file \"fd/auditlog.duckdb.wal\": No space left on device");
    }

    @Test
    void aFileFailureWhoseMessageIsItsPathIsPutInWords() {
        assertThat(RootCause.describe(new AccessDeniedException("ro/journal/00000000000000000001.journal")))
                .isEqualTo("ro/journal/00000000000000000001.journal: permission denied");
    }

    @Test
    void aRootCauseTheMessageSaysAlreadyIsNotRepeated() {
        assertThat(RootCause.describe(new IOException("No space left on device"))).isEqualTo("No space left on device");
        assertThat(RootCause.describe(new IllegalStateException("lost", new IllegalStateException("lost")))).isEqualTo("lost");
    }

    @Test
    void aMessageOfSeveralLinesBecomesOne() {
        assertThat(RootCause.describe(new SQLException("FATAL Error: database invalidated\nOriginal error: \"No space\"")))
                .isEqualTo("FATAL Error: database invalidated Original error: \"No space\"");
    }
}
