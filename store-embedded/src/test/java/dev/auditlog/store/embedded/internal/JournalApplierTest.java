package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying journal records again, after an attempt whose commit failed but whose rows DuckDB had taken (a full
 * disk did that: the retry then wrote every row a second time, and the store could not open), leaves each row once.
 */
class JournalApplierTest {
    @TempDir
    Path dir;
    private DuckDBConnection db;

    @BeforeEach
    void open() throws SQLException {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("test.duckdb"));
        Schema.create(db);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void aRetryOfRecordsAnEarlierAttemptWroteInPartLeavesEachRowOnce() throws SQLException {
        ByteBuffer record = record("acme", 0, 3);
        JournalApplier.apply(db, List.of(record.duplicate()), 1, false); // the attempt whose commit "failed"

        JournalApplier.apply(db, List.of(record.duplicate()), 1, true);

        assertThat(count("SELECT count(*) FROM entries")).isEqualTo(3);
        assertThat(count("SELECT count(DISTINCT seq) FROM entries")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM tiles")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM checkpoints")).isEqualTo(1);
        assertThat(Schema.journalApplied(db)).isEqualTo(1);
    }

    @Test
    void aRetryLeavesTheRowsOfEarlierRecordsAndOfOtherTenantsAlone() throws SQLException {
        JournalApplier.apply(db, List.of(record("acme", 0, 3)), 1, false);
        JournalApplier.apply(db, List.of(record("other", 0, 2)), 2, false);
        ByteBuffer next = record("acme", 3, 2);

        JournalApplier.apply(db, List.of(next.duplicate()), 3, true);

        assertThat(count("SELECT count(*) FROM entries WHERE tenant = 'acme'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM entries WHERE tenant = 'other'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM checkpoints")).isEqualTo(3);
    }

    /** A batch's record: {@code n} entries of the tenant from {@code firstSeq}, a tile root and the checkpoint after them. */
    private static ByteBuffer record(String tenant, long firstSeq, int n) {
        List<TableRow> rows = new ArrayList<>();
        for (long seq = firstSeq; seq < firstSeq + n; seq++) {
            rows.add(new TableRow(TableRow.Table.ENTRIES, new Object[] {
                text(tenant), seq, text(tenant + "-" + seq), 1_700_000_000_000L + seq, text("user.login"), text("login"),
                text("web"), text("success"), text("user"), text("u_1"), null, null, null, text("198.51.100.4"),
                text("signed in"), null, text("{\"salt\":\"00\"}"), new byte[32]
            }));
        }
        rows.add(new TableRow(TableRow.Table.TILES, new Object[] {text(tenant), firstSeq, new byte[32]}));
        rows.add(new TableRow(TableRow.Table.CHECKPOINTS, new Object[] {
            text(tenant), firstSeq + n, new byte[32], text("note"), text("key"), 1_700_000_000_000L, new byte[32]
        }));
        TableRow.Buffer out = new TableRow.Buffer(1024);
        TableRow.encode(rows, out);
        return out.written();
    }

    private static TableRow.Text text(String s) {
        return TableRow.Text.of(s);
    }

    private long count(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
