package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.entry.Entry;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Erasure's rewrite, the one sanctioned UPDATE of entries, in bulk: the scrubbed entries' personal columns are
 * copied into a temporary table as the erasure's scan finds them, and one {@code UPDATE … FROM} joins them onto
 * their rows at the end, in the erasure's transaction (with {@code auditlog.erase} on, under which the
 * append-only trigger lets only these columns change, and the salt give way to the commitment).
 *
 * <p>Why not an UPDATE per entry: each was a statement to plan and an index lookup in the tenant's partitions,
 * about 74 µs an entry (154,000 entries in 11.4 s).
 */
final class ErasedRows {
    /**
     * The columns an erasure writes. {@code target_url} and {@code idempotency_key} are personal from leaf encoding
     * version 2 on; an older entry's are written back as they were (the trigger refuses any change to them).
     */
    static final String PERSONAL_COLUMNS = "actor_name, actor_email, target_name, target_url, concerns, ip, user_agent, "
            + "description, changes, metadata, idempotency_key";
    private static final String TABLE = "erased_rows";

    private final Connection connection;

    private ErasedRows(Connection connection) {
        this.connection = connection;
    }

    /** Creates the temporary table (dropped at commit) on {@code connection}, in the erasure's transaction. */
    static ErasedRows open(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE " + TABLE + " ON COMMIT DROP AS SELECT seq, recorded_ms, " + PERSONAL_COLUMNS
                    + ", personal_commitment FROM entries WITH NO DATA");
        }
        return new ErasedRows(connection);
    }

    /** Adds the scrubbed entries' personal columns. */
    void add(List<Entry> erased) throws SQLException {
        StringBuilder lines = new StringBuilder(erased.size() * 256);
        for (Entry e : erased) EntryRows.erasedLine(lines, e);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + TABLE + " FROM STDIN (FORMAT text)",
                    new StringReader(lines.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of the erased entries failed", e);
        }
    }

    /**
     * Writes the columns of every entry added since the last call into its row of {@code tenant}, and forgets them;
     * fails unless every one of the {@code added} entries {@link #add} was given was rewritten or is gone by a retention prune (else a row was not where it was
     * read). A prune may commit between the erasure's scan and this: what it removed needs no erasing.
     */
    void applyTo(String tenant, long added) throws SQLException {
        StringBuilder set = new StringBuilder();
        for (String column : PERSONAL_COLUMNS.split(", ")) set.append(column).append(" = e.").append(column).append(", ");
        try (PreparedStatement st = connection.prepareStatement("UPDATE entries SET " + set
                + "salt = NULL, personal_commitment = e.personal_commitment FROM " + TABLE + " e "
                + "WHERE entries.tenant = ? AND entries.seq = e.seq AND entries.recorded_ms = e.recorded_ms")) {
            st.setString(1, tenant);
            long updated = st.executeLargeUpdate();
            if (updated != added && updated + prunedMeanwhile(tenant) != added) {
                throw new SQLException("the erasure rewrote " + updated + " entries of " + added + " it scrubbed");
            }
        }
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE " + TABLE);
        }
    }

    /** How many of the added entries a prune has removed (their leaf hashes kept): read after the UPDATE, which waited for it. */
    private long prunedMeanwhile(String tenant) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT count(*) FROM " + TABLE + " e WHERE EXISTS "
                + "(SELECT 1 FROM pruned_leaves p WHERE p.tenant = ? AND p.seq = e.seq)")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
