package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.EntryQuery;
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
 * Entries are partitioned by tenant, then by UTC month. A tenant's prune drops its whole past months and
 * deletes rows only in the month its cutoff falls in, leaving every other tenant's partitions alone. Next
 * month's partition is made ahead, and neither making nor dropping a partition ever waits for a long reader:
 * that would stall appends.
 */
class TenantMonthPartitionsTest {
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

    /** Acme (entries_t1) writes in January, February and March; Globex (entries_t2) in January; now is May. */
    private void threeMonthsOfTwoTenants() {
        store.createTenant(new Tenant("globex", "Globex", clock.instant()));
        store.append("globex", events(50));
        for (String day : List.of("2026-01-10T09:00:00Z", "2026-02-15T09:00:00Z", "2026-03-20T09:00:00Z")) {
            clock.set(Instant.parse(day));
            store.append("acme", events(100));
        }
        clock.set(Instant.parse("2026-05-02T00:00:00Z"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTenantsFirstMonthIsMadeWithTheTenantAndTheNextAheadOfItsFirstAppend() throws SQLException {
        assertThat(partitions("entries_t1")).containsExactly("entries_t1_y2026m01");
        store.append("acme", events(5));
        assertThat(partitions("entries_t1")).containsExactly("entries_t1_y2026m01", "entries_t1_y2026m02");
    }

    @Test
    void aLongReaderDelaysNextMonthsPartitionNotTheAppends() throws SQLException {
        store.append("acme", events(5));
        clock.set(Instant.parse("2026-02-10T09:00:00Z"));
        try (Connection reader = DriverManager.getConnection(url); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM entries WHERE tenant = 'acme'").close(); // its locks stay until commit

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> store.append("acme", events(5)));

            assertThat(partitions("entries_t1")).doesNotContain("entries_t1_y2026m03");
            reader.commit();
        }
        clock.advance(Duration.ofDays(1));
        store.append("acme", events(5));
        assertThat(partitions("entries_t1")).contains("entries_t1_y2026m03");
        assertThat(store.checkpoint("acme").size()).isEqualTo(15);
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void aPruneDropsTheTenantsWholeMonthsBeforeTheCutoff() throws SQLException {
        threeMonthsOfTwoTenants();
        assertThat(partitions("entries_t1")).contains("entries_t1_y2026m01", "entries_t1_y2026m02", "entries_t1_y2026m03");

        assertThat(store.prune("acme", Instant.parse("2026-03-06T00:00:00Z"))).isEqualTo(200);

        assertThat(partitions("entries_t1")).doesNotContain("entries_t1_y2026m01", "entries_t1_y2026m02")
                .contains("entries_t1_y2026m03");
        assertThat(partitions("entries_t2")).as("the other tenant keeps its months").contains("entries_t2_y2026m01");
        assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isEqualTo(100);
        assertThat(store.query("globex", EntryQuery.all().withCount(true)).total()).isEqualTo(50);
        assertThat(store.verify("acme").ok()).isTrue();
        assertThat(store.verify("globex").ok()).isTrue();
    }

    @Test
    void aCutoffInsideAMonthDeletesOnlyThatMonthsOlderRows() throws SQLException {
        threeMonthsOfTwoTenants();
        assertThat(store.prune("acme", Instant.parse("2026-03-21T00:00:00Z"))).isEqualTo(300);

        assertThat(partitions("entries_t1")).contains("entries_t1_y2026m03");
        assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isZero();
        assertThat(store.prune("acme", Instant.parse("2026-03-21T00:00:00Z"))).as("nothing left to prune").isZero();
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void theRunningMonthIsNeverDroppedAndAppendsGoOnAfterAPrune() throws SQLException {
        threeMonthsOfTwoTenants();
        store.append("acme", events(10));

        assertThat(store.prune("acme", Instant.parse("2026-09-01T00:00:00Z"))).isEqualTo(310);

        assertThat(partitions("entries_t1")).containsExactly("entries_t1_y2026m05", "entries_t1_y2026m06");
        store.append("acme", events(10));
        assertThat(store.checkpoint("acme").size()).isEqualTo(320);
        assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isEqualTo(10);
        assertThat(store.verify("acme").ok()).isTrue();
    }

    @Test
    void whileAReaderHoldsTheMonthsThePruneDeletesTheirRowsAndALaterPruneDropsThem() throws Exception {
        threeMonthsOfTwoTenants();
        try (Connection reader = DriverManager.getConnection(url); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM entries WHERE tenant = 'acme'").close(); // its locks stay until commit

            long pruned = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> store.prune("acme", Instant.parse("2026-03-06T00:00:00Z")));

            assertThat(pruned).isEqualTo(200);
            assertThat(partitions("entries_t1")).contains("entries_t1_y2026m01", "entries_t1_y2026m02");
            reader.commit();
        }
        assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isEqualTo(100);
        assertThat(store.prune("acme", Instant.parse("2026-03-06T00:00:00Z"))).isZero();
        assertThat(partitions("entries_t1")).doesNotContain("entries_t1_y2026m01", "entries_t1_y2026m02");
        assertThat(store.verify("acme").ok()).isTrue();
    }

    private List<String> partitions(String parent) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "WHERE i.inhparent = '" + parent + "'::regclass ORDER BY 1")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static List<Event> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Event("user.updated", EventType.UPDATED, "default",
                "User " + i + " updated", null, null, null, List.of(), null, null, "success", null, null, null)).toList();
    }
}
