package dev.auditlog.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose the store, shared by {@code serve} and {@code verify-store}; {@link ServeSettings} resolves them. */
final class StoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "data directory (default: " + ServeSettings.DEFAULT_DATA_DIR + ", or AUDITLOG_DATA_DIR when set)")
    String dataDir;

    @Option(names = "--store", paramLabel = "URL",
            description = "jdbc:postgresql://… for PostgreSQL (default: AUDITLOG_STORE, else the embedded store in the data directory)")
    String store;

    Path dataDir(ServeSettings settings) {
        return settings.dataDir(dataDir);
    }

    /** The PostgreSQL URL, or null for the embedded store. */
    String storeUrl(ServeSettings settings) {
        return settings.store(store);
    }
}
