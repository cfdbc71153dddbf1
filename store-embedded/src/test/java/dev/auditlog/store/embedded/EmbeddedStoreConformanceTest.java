package dev.auditlog.store.embedded;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.LogStoreConformance;
import dev.auditlog.core.store.TestClock;
import dev.auditlog.store.embedded.internal.DuckDbStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class EmbeddedStoreConformanceTest extends LogStoreConformance {
    @Override
    protected LogStore open(Path dir, TestClock clock) {
        return EmbeddedStore.open(dir, clock);
    }

    @Override
    protected void inDatabase(Path dir, SqlWork work) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + DuckDbStore.databaseFile(dir))) {
            work.run(c);
        }
    }
}
