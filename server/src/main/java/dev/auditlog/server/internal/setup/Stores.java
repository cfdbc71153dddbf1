package dev.auditlog.server.internal.setup;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.EmbeddedStore;
import dev.auditlog.store.postgres.PostgresStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/** Chooses the store a {@code serve} runs on: the embedded one, or PostgreSQL for a {@code jdbc:postgresql:} URL. */
public final class Stores {
    private Stores() {
    }

    /**
     * How to open the configured store with a given clock (the demo seed opens it on a clock of its own).
     * Signing keys live in the data directory either way; servers sharing a database share that directory.
     *
     * @param duckdbMemoryLimit the embedded store's memory limit ({@code 2GB}), or null for DuckDB's default
     * @throws IllegalArgumentException for a store URL of another kind
     */
    public static Function<Clock, LogStore> opener(String storeUrl, Path dataDir, String duckdbMemoryLimit) {
        if (storeUrl == null || storeUrl.isBlank()) return clock -> EmbeddedStore.open(dataDir, clock, duckdbMemoryLimit);
        if (storeUrl.startsWith("jdbc:postgresql:")) return clock -> PostgresStore.open(storeUrl, dataDir, clock);
        throw new IllegalArgumentException("--store must be a jdbc:postgresql://… URL (or absent for the embedded store), not "
                + storeUrl.replaceAll("password=[^&]*", "password=…"));
    }
}
