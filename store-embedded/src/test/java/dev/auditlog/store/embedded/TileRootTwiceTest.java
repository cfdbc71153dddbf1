package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before retries of the journal applier removed what a failed attempt had left may hold a tile root
 * twice (a full disk made one): it opens and verifies, since the same root twice says nothing new. Two different
 * roots for one tile are a damaged store, which must not open.
 */
class TileRootTwiceTest {
    @TempDir
    Path dir;

    @Test
    void theSameTileRootTwiceStillOpensAndVerifies() throws SQLException {
        fill();
        sql("INSERT INTO tiles SELECT * FROM tiles WHERE idx = 1");

        try (LogStore store = EmbeddedStore.open(dir)) {
            assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isEqualTo(600);
            assertThat(store.verify("acme").ok()).isTrue();
        }
    }

    @Test
    void twoDifferentRootsForOneTileAreRefused() throws SQLException {
        fill();
        sql("INSERT INTO tiles SELECT tenant, idx, sha256('other')::BLOB FROM tiles WHERE idx = 1");

        assertThatThrownBy(() -> EmbeddedStore.open(dir).close()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two different roots for tile 1");
    }

    private void fill() {
        SampleEvents sample = new SampleEvents(11);
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 600; i++) events.add(sample.next(Instant.now().minusSeconds(5)));
            store.append("acme", events);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + EmbeddedStore.databaseFile(dir));
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
