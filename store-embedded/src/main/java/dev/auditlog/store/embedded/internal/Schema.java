package dev.auditlog.store.embedded.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded store's tables ({@code entries} columns: see {@link EntryRows}). No indexes and no primary keys on purpose: DuckDB answers the filters by
 * scanning compressed columns with min/max zone maps, and every index would be paid for on each append
 * (see FACTS.md). Uniqueness of (tenant, seq) is the single writer's job.
 */
final class Schema {
    /**
     * The format of what this build writes, kept in {@code store_format}: 2 since entries may be of leaf encoding
     * version 2 (each entry's {@code details} names its version). Stores written before have no such table (format 1).
     */
    static final int STORE_FORMAT = 2;

    private Schema() {
    }

    /**
     * An entry row as {@link EntryRows#read} reads it, by position: keep the two in step. Text columns come back
     * as their UTF-8 bytes ({@code encode}, a BLOB), which the reader decodes itself: the driver turns each VARCHAR
     * it returns into a {@code String} through a JNI call-back and a charset decoder, where a BLOB's bytes come
     * back as they are. 1 M rows of 12 text columns: 3.8 s through {@code getString}, 1.0 s this way. The
     * {@code concern_ids} column is left out: an entry's concerns come from {@code details}; the column is for filters.
     */
    static final String ENTRY_COLUMNS = "encode(tenant), seq, encode(id), recorded_ms, encode(action), encode(event), "
            + "encode(channel), encode(status), encode(actor_type), encode(actor_id), encode(target_type), "
            + "encode(target_id), encode(ip), encode(description), encode(idempotency_key), encode(details), leaf_hash";

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tenants (id VARCHAR NOT NULL, name VARCHAR, created_ms BIGINT NOT NULL)");
            // description: dictionary compression, never FSST. The search q is a full scan of lower(description);
            // decoding FSST strings dominated it (10 M entries, count of q=ada: 295 ms with DuckDB's own choice,
            // 64% FSST, against 91 ms all dictionary). Descriptions are mostly a few templates, so the file grows
            // little. Stores created before this keep DuckDB's choice.
            s.execute("""
                    CREATE TABLE IF NOT EXISTS entries (
                      tenant VARCHAR NOT NULL, seq BIGINT NOT NULL, id VARCHAR NOT NULL, recorded_ms BIGINT NOT NULL,
                      action VARCHAR NOT NULL, event VARCHAR NOT NULL, channel VARCHAR NOT NULL, status VARCHAR NOT NULL,
                      actor_type VARCHAR, actor_id VARCHAR, target_type VARCHAR, target_id VARCHAR,
                      concern_ids VARCHAR, ip VARCHAR, description VARCHAR USING COMPRESSION dictionary, idempotency_key VARCHAR,
                      details VARCHAR NOT NULL, leaf_hash BLOB NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS api_keys (
                      id VARCHAR NOT NULL, tenant VARCHAR NOT NULL, name VARCHAR NOT NULL, scopes VARCHAR NOT NULL,
                      secret_hash BLOB NOT NULL, created_ms BIGINT NOT NULL, revoked_ms BIGINT)""");
            s.execute("CREATE TABLE IF NOT EXISTS settings (tenant VARCHAR NOT NULL, doc VARCHAR NOT NULL)");
            // The leaf hashes of entries a retention prune removed: proofs across the prune still need them.
            s.execute("CREATE TABLE IF NOT EXISTS pruned_leaves (tenant VARCHAR NOT NULL, seq BIGINT NOT NULL, leaf_hash BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS tiles (tenant VARCHAR NOT NULL, idx BIGINT NOT NULL, hash BLOB NOT NULL)");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS checkpoints (
                      tenant VARCHAR NOT NULL, size BIGINT NOT NULL, root BLOB NOT NULL,
                      note VARCHAR NOT NULL, public_key VARCHAR NOT NULL, signed_ms BIGINT NOT NULL,
                      frontier BLOB NOT NULL)""");
            // The entries recording erasures and prunes, until they are in the log (core's PendingRecords).
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pending_records (
                      key VARCHAR NOT NULL, tenant VARCHAR NOT NULL, event VARCHAR NOT NULL, created_ms BIGINT NOT NULL)""");
            // A row while an erasure or a prune has left raw copies of the rows it changed (see RawCopies).
            s.execute("CREATE TABLE IF NOT EXISTS raw_copies (marked_ms BIGINT NOT NULL)");
            // The number of the last journal record DuckDB holds (see Journal): one row.
            s.execute("CREATE TABLE IF NOT EXISTS journal_applied (batch BIGINT NOT NULL)");
            s.execute("INSERT INTO journal_applied SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM journal_applied)");
        }
    }

    /**
     * Refuses a store of a newer format than {@link #STORE_FORMAT}, else marks the store as of this format. Why: a build
     * reads what it does not know as what it knows (the release before leaf encoding version 2 took version 2 entries
     * for version 1 and reported them as altered), so an older build must not open what a newer one wrote, as the
     * PostgreSQL store refuses a schema a newer build migrated. Builds before format 2 do not look; their successors do.
     */
    static void claimFormat(Connection c, Path dataDir) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS store_format (version INTEGER NOT NULL)");
            int stored;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 1) FROM store_format")) {
                rs.next();
                stored = rs.getInt(1);
            }
            if (stored > STORE_FORMAT) throw new NewerStoreFormatException(dataDir, stored);
            if (stored < STORE_FORMAT) {
                s.execute("DELETE FROM store_format");
                s.execute("INSERT INTO store_format VALUES (" + STORE_FORMAT + ")");
            }
        }
    }

    static long journalApplied(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT batch FROM journal_applied")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
