package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
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
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaf encoding version 2 on PostgreSQL: rows written before the migration that adds {@code leaf_version} stay version
 * 1, and the erasure's trigger lets the target URL and idempotency key change only in rows of version 2.
 */
class LeafVersionMigrationTest {
    /** A row as a release before version 2 wrote it, as far as the trigger looks: of version 1. */
    private static final String VERSION_1_ROW = "INSERT INTO entries (tenant, seq, id, recorded_ms, action, event, channel, "
            + "status, target_url, idempotency_key, salt, leaf_hash, leaf_version) SELECT tenant, 1000, gen_random_uuid(), "
            + "recorded_ms, action, event, channel, status, target_url, idempotency_key, salt, leaf_hash, 1 FROM entries "
            + "WHERE tenant = 'acme' AND seq = 0";

    @TempDir
    Path dir;

    @Test
    void rowsWrittenBeforeTheMigrationAreVersion1AndNewOnesVersion2() throws SQLException {
        String url = TestDatabases.fresh();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/postgresql")
                .table("auditlog_schema_history").target("6").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO tenants (id, name, created_ms) VALUES ('acme', 'Acme', 0)");
            st.execute("SELECT auditlog_ensure_partition('acme', 0)");
            st.execute("INSERT INTO entries (tenant, seq, id, recorded_ms, action, event, channel, status, salt, leaf_hash) "
                    + "VALUES ('acme', 0, gen_random_uuid(), 0, 'a', 'other', 'default', 'success', '\\x00', '\\x00')");
        }
        try (LogStore store = PostgresStore.open(url, dir, Clock.systemUTC())) {
            assertThat(versions(url)).containsExactly(1);
            store.createTenant(new Tenant("globex", "Globex", Instant.now()));
            Entry appended = store.append("globex", List.of(event())).getFirst().entry();
            assertThat(appended.leafVersion()).isEqualTo(LeafEncoding.VERSION);
            assertThat(store.entry("globex", appended.id()).orElseThrow().leafVersion()).isEqualTo(2);
            assertThat(versions(url)).containsExactly(1, 2);
        }
    }

    @Test
    void anErasureMayRewriteTheUrlAndKeyOfAVersion2RowOnly() throws SQLException {
        String url = TestDatabases.fresh();
        try (LogStore store = PostgresStore.open(url, dir, Clock.systemUTC())) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            store.append("acme", List.of(event()));
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(VERSION_1_ROW);
            st.execute("SET LOCAL auditlog.erase = on");
            String erase = "UPDATE entries SET target_url = 'https://app.example.com/users/subject-1', idempotency_key = 'k', "
                    + "salt = NULL, personal_commitment = leaf_hash WHERE tenant = 'acme' AND seq = ";
            assertThat(st.executeUpdate(erase + 0)).isEqualTo(1);
            assertThatThrownBy(() -> st.execute(erase + 1000)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("an erasure may change only the personal columns");
            c.rollback();
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL auditlog.erase = on");
            assertThatThrownBy(() -> st.execute("UPDATE entries SET leaf_version = 1, salt = NULL, personal_commitment = leaf_hash "
                    + "WHERE tenant = 'acme' AND seq = 0")).hasMessageContaining("an erasure may change only the personal columns");
            c.rollback();
        }
    }

    private static Event event() {
        return new Event("user.viewed", EventType.READ, "crm", null, null, null,
                new Target("user", "u_42", null, "https://app.example.com/users/ada@example.com"), List.of(), null, null,
                Event.SUCCESS, null, null, "ada@example.com-1");
    }

    private static List<Integer> versions(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT leaf_version FROM entries ORDER BY leaf_version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) versions.add(rs.getInt(1));
            return versions;
        }
    }
}
