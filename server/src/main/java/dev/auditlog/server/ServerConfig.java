package dev.auditlog.server;

import java.nio.file.Path;

/**
 * How to run the server (CONTRACT §1).
 *
 * @param port          HTTP port; 0 picks a free one (tests)
 * @param dataDir       data directory: the embedded store and the signing keys
 * @param store         a {@code jdbc:postgresql://…} URL, or null for the embedded store
 * @param demo          seed the {@code demo} tenant on first start
 * @param masterKey     the key with every right on every tenant, or null
 * @param adminPassword password of the first web user {@code admin}, or null to generate one
 * @param archiveRoot   the directory tenants' file archives must be in, or null for any outside the data directory
 * @param duckdbMemoryLimit the most memory the embedded store's DuckDB may take ({@code 2GB}), or null for DuckDB's default
 */
public record ServerConfig(int port, Path dataDir, String store, boolean demo, String masterKey, String adminPassword,
                           Path archiveRoot, String duckdbMemoryLimit) {
    /** With no archive root and DuckDB's own memory limit. */
    public ServerConfig(int port, Path dataDir, String store, boolean demo, String masterKey, String adminPassword) {
        this(port, dataDir, store, demo, masterKey, adminPassword, null, null);
    }
}
