package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases whose locale or encoding would make the search answer otherwise than {@code verify} decides. */
class DatabaseLocaleTest {
    @Test
    void aDatabaseNotInUtf8IsRefusedWithHowToCreateOneAndLeftUntouched(@TempDir Path dir) throws Exception {
        String url = TestDatabases.fresh("ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        assertThatThrownBy(() -> {
            try (LogStore ignored = PostgresStore.open(url, dir, Clock.systemUTC())) {
                // opening is what is refused
            }
        }).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("this PostgreSQL database's encoding is SQL_ASCII: Auditlog stores text in every script "
                        + "and needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8'");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet tables = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("no table made").isZero();
        }
    }
}
