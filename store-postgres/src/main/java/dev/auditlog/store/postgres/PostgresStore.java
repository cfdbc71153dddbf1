package dev.auditlog.store.postgres;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.postgres.internal.PgLogStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The store for servers that share a PostgreSQL database. Several servers may append to the same tenants
 * at once; they must share {@code keyDir} (the tenants' checkpoint signing keys). Everything else in this
 * module is internal.
 */
public final class PostgresStore {
    private PostgresStore() {
    }

    /**
     * Opens the store on the database at {@code jdbcUrl} (for example
     * {@code jdbc:postgresql://db/auditlog?user=auditlog&password=…}), creating or migrating its schema.
     */
    public static LogStore open(String jdbcUrl, Path keyDir, Clock clock) {
        return PgLogStore.open(jdbcUrl, keyDir, clock);
    }
}
