package dev.auditlog.store.postgres;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.LogStoreConformance;
import dev.auditlog.core.store.TestClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The store conformance suite against a real PostgreSQL, a fresh database per test (the same one on reopen). */
class PostgresStoreConformanceTest extends LogStoreConformance {
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

    @Override
    protected LogStore open(Path dir, TestClock clock) {
        return PostgresStore.open(database(dir), dir, clock);
    }

    @Override
    protected void inDatabase(Path dir, SqlWork work) throws SQLException {
        try (Connection c = DriverManager.getConnection(database(dir))) {
            work.run(c);
        }
    }

    /** What CREATE DATABASE is given beside the name: nothing, so the server's default locale (C.UTF-8 here). */
    protected String databaseOptions() {
        return "";
    }

    private String database(Path dir) {
        return DATABASES.computeIfAbsent(dir, d -> TestDatabases.fresh(databaseOptions()));
    }
}
