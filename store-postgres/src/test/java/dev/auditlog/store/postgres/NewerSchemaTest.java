package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server older than the schema refuses to start: beside a newer server, or after a rollback, an older one wrote rows
 * the newer schema reads otherwise (s15 beside s22 answered erasures as done and left the names in place).
 */
class NewerSchemaTest {
    @Test
    void aSchemaANewerBuildMigratedIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        String url = TestDatabases.fresh();
        PostgresStore.open(url, dir, Clock.systemUTC()).close();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO auditlog_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
                    + " execution_time, success) SELECT max(installed_rank) + 1, '99', 'from the future', 'SQL', 'V99__from_the_future.sql',"
                    + " 0, 'postgres', 1, true FROM auditlog_schema_history");
        }
        assertThatThrownBy(() -> {
            try (LogStore ignored = PostgresStore.open(url, dir, Clock.systemUTC())) {
                // opening is what is refused
            }
        }).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("the PostgreSQL schema is at version 99, newer than this build of Auditlog knows");
    }
}
