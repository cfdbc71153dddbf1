package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.entry.Entry;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Erasure's rewrite, the one sanctioned UPDATE of entries, in bulk. The scrubbed entries' personal columns go
 * into a temporary table through DuckDB's appender as the erasure's scan finds them, and one {@code UPDATE …
 * FROM} joins them onto their rows at the end, inside the erasure's transaction. Only the personal columns
 * ({@code ip}, {@code description}, the {@code details} JSON, which now carries the commitment instead of
 * the salt, and {@code idempotency_key}, which is personal from leaf encoding version 2 on and written back unchanged
 * in an older entry) change; seq, ids, types and {@code leaf_hash} are never written.
 *
 * <p>Why not an UPDATE per entry: DuckDB has no index to find a row by its seq, so each such statement scans
 * the tenant's row groups; erasing a person found in 600,000 entries of a 5 M-entry log ran for more than a
 * quarter of an hour that way.
 */
final class ErasedRows implements AutoCloseable {
    private static final String TABLE = "erased_rows";

    private final DuckDBConnection connection;
    private final DuckDBAppender appender;

    private ErasedRows(DuckDBConnection connection, DuckDBAppender appender) {
        this.connection = connection;
        this.appender = appender;
    }

    /** Creates the temporary table on {@code connection}, which must be in the erasure's transaction. */
    static ErasedRows open(DuckDBConnection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE " + TABLE
                    + " (seq BIGINT, id VARCHAR, ip VARCHAR, description VARCHAR, idempotency_key VARCHAR, details VARCHAR)");
        }
        return new ErasedRows(connection, connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, TABLE));
    }

    /** Adds the scrubbed entries' personal columns. */
    void add(List<Entry> erased) throws SQLException {
        for (Entry e : erased) {
            appender.beginRow();
            appender.append(e.seq());
            appender.append(e.id());
            appendOrNull(e.event().ip());
            appendOrNull(e.event().description());
            appendOrNull(e.event().idempotencyKey());
            appender.append(new String(EntryRows.details(e.event(), e.salt(), e.personalCommitment(), e.leafVersion()),
                    StandardCharsets.UTF_8));
            appender.endRow();
        }
    }

    /**
     * Writes every added entry's columns into its row of {@code tenant}; fails unless it rewrote {@code added}
     * rows, the number of entries {@link #add} was given (else a row was not where it was read).
     */
    void applyTo(String tenant, long added) throws SQLException {
        appender.close();
        try (PreparedStatement st = connection.prepareStatement("UPDATE entries SET ip = e.ip, description = e.description, "
                + "idempotency_key = e.idempotency_key, details = e.details FROM " + TABLE + " e "
                + "WHERE entries.tenant = ? AND entries.seq = e.seq AND entries.id = e.id")) {
            st.setString(1, tenant);
            long updated = st.executeLargeUpdate();
            if (updated != added) throw new SQLException("the erasure rewrote " + updated + " entries of " + added + " it scrubbed");
        }
    }

    private void appendOrNull(String value) throws SQLException {
        if (value == null) appender.appendNull();
        else appender.append(value);
    }

    @Override
    public void close() throws SQLException {
        appender.close();
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }
}
