package dev.auditlog.store.embedded.internal;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * An entry row as the CSV export fetches it: {@code seq} and {@code recorded_ms}, then every text column it
 * needs in one BLOB, the <em>frame</em>: the fields' UTF-8 bytes joined by NUL bytes. One byte array per row
 * instead of thirteen strings: the driver turns each string it returns into a Java {@code String} through a JNI
 * call-back and a charset decoder, which was most of the read thread's time (about 360 ns a value).
 *
 * <p>The frame does not tell NULL from empty; the CSV shows both as an empty cell. A NUL byte inside a field
 * would shift the fields after it: the read thread counts the separators ({@link #read}) and fetches such a
 * row's columns on their own instead. (A length before each field would need no such check, but cost DuckDB
 * 0.4 s more per million rows than the separators, far more than finding them costs Java.)
 */
final class CsvFrame {
    /** The framed fields, in frame order; each an SQL expression over {@code entries}. */
    enum Field {
        ID("id"), ACTION("action"), EVENT("event"), CHANNEL("channel"), STATUS("status"), ACTOR_TYPE("actor_type"),
        ACTOR_ID("actor_id"), TARGET_TYPE("target_type"), TARGET_ID("target_id"), IP("ip"), DESCRIPTION("description"),
        DETAILS("details"), LEAF_HASH("lower(hex(leaf_hash))");

        private final String sql;

        Field(String sql) {
            this.sql = sql;
        }
    }

    private static final Field[] FIELDS = Field.values();
    private static final HexFormat HEX = HexFormat.of();

    /** The select list that {@link #read} reads. */
    static final String COLUMNS = "seq, recorded_ms, encode(concat("
            + Arrays.stream(FIELDS).map(f -> f.sql).collect(Collectors.joining(", chr(0), ")) + "))";

    /**
     * A fetched row: its frame with the positions of its separators, or, for the rare row whose frame cannot be
     * split (a NUL byte in a field), its stored columns for the generic path.
     */
    record Row(long seq, long recordedMs, byte[] frame, int[] separators, EntryRows.Row stored) {
    }

    /**
     * Reads the current row of a {@link #COLUMNS} query over {@code tenant}'s entries. Locating the separators
     * here, on the read thread, leaves the caller's thread, the busier one, only the cells to write.
     */
    static Row read(ResultSet rs, String tenant) throws SQLException {
        long seq = rs.getLong(1);
        byte[] frame = Blobs.get(rs, 3);
        int[] separators = separators(frame);
        if (separators != null) return new Row(seq, rs.getLong(2), frame, separators, null);
        try (PreparedStatement st = rs.getStatement().getConnection().prepareStatement(
                "SELECT " + Schema.ENTRY_COLUMNS + " FROM entries WHERE tenant = ? AND seq = ?")) {
            st.setString(1, tenant);
            st.setLong(2, seq);
            try (ResultSet stored = st.executeQuery()) {
                if (!stored.next()) throw new IllegalStateException("entry " + seq + " of " + tenant + " vanished");
                return new Row(seq, rs.getLong(2), null, null, EntryRows.Row.read(stored));
            }
        }
    }

    /**
     * The positions of the NUL bytes of {@code frame}, found eight bytes at a time (this runs over every byte of
     * the export); null unless there is exactly one between each two fields.
     */
    static int[] separators(byte[] frame) {
        int[] at = new int[FIELDS.length - 1];
        int n = 0;
        int i = 0;
        for (; i + Long.BYTES <= frame.length; i += Long.BYTES) {
            for (long zeros = Words.zero(Words.at(frame, i)); zeros != 0; zeros &= zeros - 1) {
                if (n == at.length) return null;
                at[n++] = i + Words.first(zeros);
            }
        }
        for (; i < frame.length; i++) {
            if (frame[i] != 0) continue;
            if (n == at.length) return null;
            at[n++] = i;
        }
        return n == at.length ? at : null;
    }

    private final int[] offset = new int[FIELDS.length];
    private final int[] length = new int[FIELDS.length];
    private byte[] frame;

    /** Takes the fields of {@code row}'s frame; the accessors then read them. */
    void parse(Row row) {
        frame = row.frame();
        int[] separators = row.separators();
        int start = 0;
        for (int f = 0; f < separators.length; f++) {
            offset[f] = start;
            length[f] = separators[f] - start;
            start = separators[f] + 1;
        }
        offset[separators.length] = start;
        length[separators.length] = frame.length - start;
    }

    byte[] bytes() {
        return frame;
    }

    int offset(Field f) {
        return offset[f.ordinal()];
    }

    int length(Field f) {
        return length[f.ordinal()];
    }

    /** The field as a string; null when empty (the frame does not tell the two apart, nor does the CSV). */
    private String string(Field f) {
        return length(f) == 0 ? null : new String(frame, offset(f), length(f), StandardCharsets.UTF_8);
    }

    private byte[] bytes(Field f) {
        return Arrays.copyOfRange(frame, offset(f), offset(f) + length(f));
    }

    /**
     * The row as {@link EntryRows.Row}, for the generic path. Its idempotency key is left out: the frame does not
     * carry it, and the CSV does not show it.
     */
    EntryRows.Row entryRow(String tenant, Row row) {
        return new EntryRows.Row(tenant, row.seq(), string(Field.ID), row.recordedMs(), string(Field.ACTION),
                string(Field.EVENT), string(Field.CHANNEL), string(Field.STATUS), string(Field.ACTOR_TYPE),
                string(Field.ACTOR_ID), string(Field.TARGET_TYPE), string(Field.TARGET_ID), string(Field.IP),
                string(Field.DESCRIPTION), null, bytes(Field.DETAILS), HEX.parseHex(string(Field.LEAF_HASH)));
    }
}
