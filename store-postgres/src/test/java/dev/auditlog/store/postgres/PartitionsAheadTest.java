package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TestClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Next month's partition is made ahead, but never at the price of stalling appends: creating it locks its
 * parent against readers, so while a long scan holds the tenant's partitions the writer skips it and tries
 * again with a later batch.
 */
class PartitionsAheadTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-10T09:00:00Z"));
    private String url;
    private LogStore store;

    @BeforeEach
    void open() {
        url = TestDatabases.fresh();
        store = PostgresStore.open(url, dir, clock);
        store.createTenant(new Tenant("acme", "Acme", clock.instant()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTenantsFirstMonthIsMadeWithTheTenantAndTheNextAheadOfItsFirstAppend() throws SQLException {
        assertThat(partitions()).containsExactly("entries_t1_y2026m01");
        store.append("acme", events(5));
        assertThat(partitions()).containsExactly("entries_t1_y2026m01", "entries_t1_y2026m02");
    }

    @Test
    void aLongReaderDelaysNextMonthsPartitionNotTheAppends() throws SQLException {
        store.append("acme", events(5));
        clock.set(Instant.parse("2026-02-10T09:00:00Z"));
        try (Connection reader = DriverManager.getConnection(url); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM entries WHERE tenant = 'acme'").close(); // its locks stay until commit

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> store.append("acme", events(5)));

            assertThat(partitions()).doesNotContain("entries_t1_y2026m03");
            reader.commit();
        }
        clock.advance(Duration.ofDays(1));
        store.append("acme", events(5));
        assertThat(partitions()).contains("entries_t1_y2026m03");
        assertThat(store.checkpoint("acme").size()).isEqualTo(15);
        assertThat(store.verify("acme").ok()).isTrue();
    }

    private List<String> partitions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "WHERE i.inhparent = 'entries_t1'::regclass ORDER BY 1")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static List<Event> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Event("user.updated", EventType.UPDATED, "default",
                "User " + i + " updated", null, null, null, List.of(), null, null, "success", null, null, null)).toList();
    }
}
