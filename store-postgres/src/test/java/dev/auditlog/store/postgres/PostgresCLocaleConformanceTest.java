package dev.auditlog.store.postgres;

/**
 * The store conformance suite in a database whose locale is C, where PostgreSQL's {@code lower()} lowers ASCII only:
 * the store lowers descriptions in a collation that lowers every letter ({@code SearchCollation}), so every search
 * and every filter the suite tries answers as in a C.UTF-8 database, and as {@code verify} decides in memory.
 */
class PostgresCLocaleConformanceTest extends PostgresStoreConformanceTest {
    @Override
    protected String databaseOptions() {
        return "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0";
    }
}
