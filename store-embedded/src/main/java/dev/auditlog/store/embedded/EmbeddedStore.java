package dev.auditlog.store.embedded;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.internal.DuckDbMemory;
import dev.auditlog.store.embedded.internal.DuckDbStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The store that needs no server: a DuckDB file in the data directory. Everything else in this module is
 * internal.
 */
public final class EmbeddedStore {
    private EmbeddedStore() {
    }

    /** Opens the store in {@code dataDir}, creating it on first use and recovering after a crash. */
    public static LogStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    public static LogStore open(Path dataDir, Clock clock) {
        return open(dataDir, clock, null);
    }

    /**
     * As {@link #open(Path)}, on {@code clock}, with DuckDB's buffer cache held to {@code memoryLimit} ({@code 2GB},
     * {@code 512MiB}; null for DuckDB's default, 80% of the machine's memory).
     */
    public static LogStore open(Path dataDir, Clock clock, String memoryLimit) {
        return DuckDbStore.open(dataDir, clock, memoryLimit);
    }

    /** The bytes of a memory size as DuckDB takes one ({@code 2GB}, {@code 512MiB}), or -1 for no size. */
    public static long memoryBytes(String size) {
        return DuckDbMemory.bytes(size);
    }

    /** The DuckDB file of the store in {@code dataDir}: where there is none, {@link #open} creates an empty store. */
    public static Path databaseFile(Path dataDir) {
        return DuckDbStore.databaseFile(dataDir);
    }
}
