package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The database itself refuses to change log data, whoever connects: not only the store's code. */
class AppendOnlyDatabaseTest {
    @TempDir
    Path dir;
    private String url;
    private LogStore store;

    @BeforeEach
    void seed() {
        url = TestDatabases.fresh();
        store = PostgresStore.open(url, dir, Clock.systemUTC());
        store.createTenant(new Tenant("acme", "Acme", Instant.now()));
        store.append("acme", IntStream.range(0, 300).mapToObj(i -> new Event("user.created", EventType.CREATED, "default",
                "User " + i + " created", null, null, null, List.of(), null, null, "success", null, null, null)).toList());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE entries SET description = 'forged' WHERE seq = 3",
            "DELETE FROM entries WHERE seq = 3",
            "UPDATE tiles SET hash = hash",
            "TRUNCATE pruned_leaves",
            "DELETE FROM tiles",
            "UPDATE checkpoints SET size = size + 1",
            "DELETE FROM checkpoints",
            "TRUNCATE entries",
            "TRUNCATE checkpoints"})
    void aDirectChangeToLogDataIsRefused(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql)).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(store.checkpoint("acme").size()).isEqualTo(300);
    }

    @Test
    void onlyATransactionThatDeclaresItselfAPruneMayDeleteEntries() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL auditlog.prune = on");
            assertThat(st.executeUpdate("DELETE FROM entries WHERE tenant = 'acme' AND seq < 10")).isEqualTo(10);
            assertThatThrownBy(() -> st.execute("UPDATE entries SET description = 'x' WHERE seq = 20"))
                    .as("a prune deletes, it never edits").hasMessageContaining("append-only");
            c.rollback();
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM entries")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(300);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE entries SET action = 'forged', salt = NULL, personal_commitment = leaf_hash WHERE seq = 3",
            "UPDATE entries SET leaf_hash = personal_commitment, salt = NULL, personal_commitment = leaf_hash WHERE seq = 3",
            "UPDATE entries SET actor_id = 'someone', salt = NULL, personal_commitment = leaf_hash WHERE seq = 3",
            "UPDATE entries SET description = 'forged' WHERE seq = 3",
            "DELETE FROM entries WHERE seq = 3"})
    void anErasureMayChangeOnlyPersonalColumnsAndMustLeaveACommitment(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL auditlog.erase = on");
            assertThatThrownBy(() -> st.execute(sql)).isInstanceOf(SQLException.class).hasMessageContaining("auditlog:");
            c.rollback();
        }
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void anErasureTransactionMayRewritePersonalColumnsWithACommitment() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL auditlog.erase = on");
            assertThat(st.executeUpdate("UPDATE entries SET description = 'scrubbed', salt = NULL, "
                    + "personal_commitment = leaf_hash WHERE seq = 3")).isEqualTo(1);
            c.rollback();
        }
    }

    @Test
    void thePrunedLeafHashesAreAppendOnlyToo() throws SQLException {
        assertThat(store.prune("acme", Instant.now().plusSeconds(1))).isEqualTo(300);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("UPDATE pruned_leaves SET leaf_hash = leaf_hash"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("DELETE FROM pruned_leaves")).hasMessageContaining("append-only");
        }
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void aPartitionTruncatedByNameIsRefusedAndOnlyAPruneMayDropPartitions() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            String month;
            try (ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'entries_t1'::regclass ORDER BY c.relname LIMIT 1")) {
                rs.next();
                month = rs.getString(1);
            }
            for (String table : List.of("entries_t1", month)) {
                assertThatThrownBy(() -> st.execute("TRUNCATE " + table)).hasMessageContaining("append-only");
            }
            assertThatThrownBy(() -> st.execute("SELECT auditlog_drop_partitions_before('acme', 9223372036854775807)"))
                    .hasMessageContaining("outside a prune");
        }
        assertThat(store.checkpoint("acme").size()).isEqualTo(300);
        assertThat(store.verify("acme").ok()).isTrue();
    }
}
