package dev.auditlog.store.embedded.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One row for one of the tables a batch writes, as plain values ({@code null}, {@link Long}, {@link Text} or
 * {@code byte[]}, in the table's column order), or with a run of them {@link Encoded} ahead of time: the unit
 * of the {@link Journal} and of what the {@link JournalApplier} writes into DuckDB.
 *
 * <p>Why text is kept as UTF-8 ({@link Text}): the writer encodes a batch's rows once, into its journal record,
 * and the applier writes that record into DuckDB by decoding it again (also what a replay does, so the
 * two paths are one). A batch waits for the applier as that record, about 530 bytes per entry in one array,
 * not as some 1.5 KB of strings per entry scattered over the heap: at half the maximum ingest rate, waiting
 * rows held as objects made young collections take 100–270 ms. And DuckDB's appender takes UTF-8 bytes for
 * a VARCHAR as they are, so text is never turned back into a {@link String} on the way in.
 */
record TableRow(Table table, Object[] values) {
    /** A text value as UTF-8. */
    record Text(byte[] utf8) {
        static Text of(String s) {
            return s == null ? null : new Text(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && Arrays.equals(utf8, t.utf8);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(utf8);
        }

        @Override
        public String toString() {
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    /**
     * The tables a batch touches, each written through DuckDB's appender; their column counts guard decoding. Each
     * table's first column is the tenant and its second the row's key within the tenant's log ({@code keyColumn}),
     * which one batch's rows hold in one range.
     */
    enum Table {
        ENTRIES(18, "entries", "seq"),
        TILES(3, "tiles", "idx"),
        CHECKPOINTS(7, "checkpoints", "size");

        final int columns;
        final String sqlName;
        final String keyColumn;

        Table(int columns, String sqlName, String keyColumn) {
            this.columns = columns;
            this.sqlName = sqlName;
            this.keyColumn = keyColumn;
        }

        /** An appender for this table on {@code c}; it joins the transaction open there, if any. */
        DuckDBAppender appender(DuckDBConnection c) throws SQLException {
            return c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, sqlName);
        }
    }

    /**
     * Consecutive values of a row already encoded as {@link #encode} would write them. Why: most of an entry's
     * row does not depend on its place in the log, so the caller encodes it on its own thread before queueing
     * and the single writer, the bottleneck of ingest, only copies it (turning strings into UTF-8 on the writer
     * took a fifth of its time).
     */
    record Encoded(byte[] bytes, int values) {
        static Encoded of(Object... values) {
            int size = 0;
            for (Object v : values) {
                size += switch (v) {
                    case null -> 1;
                    case Long l -> 9;
                    case Text t -> 5 + t.utf8.length;
                    case byte[] b -> 5 + b.length;
                    default -> throw new IllegalStateException("no column type for " + v.getClass());
                };
            }
            Buffer out = new Buffer(size);
            for (Object v : values) encodeValue(v, out);
            if (out.bytes.position() != size) throw new IllegalStateException("encoded size miscounted");
            return new Encoded(out.bytes.array(), values.length);
        }
    }

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte TEXT = 2;
    private static final byte BYTES = 3;

    TableRow {
        int columns = 0;
        for (Object v : values) columns += v instanceof Encoded e ? e.values : 1;
        if (columns != table.columns) {
            throw new IllegalArgumentException(table + " has " + table.columns + " columns, not " + columns);
        }
    }

    /** The tenant of a decoded row (its first column). */
    String tenant() {
        return values[0].toString();
    }

    /** The key of a decoded row within its tenant's log (its second column: seq, tile index or tree size). */
    long key() {
        return (Long) values[1];
    }

    void appendTo(DuckDBAppender appender) throws SQLException {
        appender.beginRow();
        for (Object v : values) {
            switch (v) {
                case null -> appender.appendNull();
                case Long l -> appender.append(l.longValue());
                case Text t -> appender.append(t.utf8); // taken as UTF-8 for a VARCHAR column
                case byte[] b -> appender.append(b);
                default -> throw new IllegalStateException("no column type for " + v.getClass());
            }
        }
        appender.endRow();
    }

    /** Writes rows as: count, then per row its table's ordinal and each value tagged with its type. */
    static void encode(List<TableRow> rows, Buffer out) {
        out.putInt(rows.size());
        for (TableRow row : rows) {
            out.put((byte) row.table.ordinal());
            for (Object v : row.values) encodeValue(v, out);
        }
    }

    private static void encodeValue(Object v, Buffer out) {
        switch (v) {
            case null -> out.put(NULL);
            case Long l -> {
                out.put(LONG);
                out.putLong(l);
            }
            case Text t -> {
                out.put(TEXT);
                out.putBytes(t.utf8);
            }
            case byte[] b -> {
                out.put(BYTES);
                out.putBytes(b);
            }
            case Encoded e -> out.putRaw(e.bytes);
            default -> throw new IllegalStateException("no column type for " + v.getClass());
        }
    }

    /** Reads what {@link #encode} wrote; a malformed record is an {@link IllegalArgumentException}. */
    static List<TableRow> decode(ByteBuffer in) {
        try {
            int count = in.getInt();
            List<TableRow> rows = new ArrayList<>(Math.min(count, 1 << 16));
            Table[] tables = Table.values();
            for (int r = 0; r < count; r++) {
                int ordinal = in.get();
                if (ordinal < 0 || ordinal >= tables.length) throw new IllegalArgumentException("unknown table " + ordinal);
                Table table = tables[ordinal];
                Object[] values = new Object[table.columns];
                for (int i = 0; i < values.length; i++) values[i] = readValue(in);
                rows.add(new TableRow(table, values));
            }
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the last row");
            return rows;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("record ends inside a row", e);
        }
    }

    private static Object readValue(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.getLong();
            case TEXT -> new Text(readBytes(in));
            case BYTES -> readBytes(in);
            default -> throw new IllegalArgumentException("unknown value tag " + tag);
        };
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) throw new IllegalArgumentException("value length " + length);
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    /** A growable byte buffer, on the heap or (the writer's, reused for every record) outside it. */
    static final class Buffer {
        private ByteBuffer bytes;

        Buffer(int capacity) {
            this(ByteBuffer.allocate(capacity));
        }

        private Buffer(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        /**
         * A buffer outside the Java heap. Why the writer's records are: a file channel writes only such a buffer
         * itself, and copies any other into a temporary one first, a second copy of every journal record.
         */
        static Buffer direct(int capacity) {
            return new Buffer(ByteBuffer.allocateDirect(capacity));
        }

        void clear() {
            bytes.clear();
        }

        /** The bytes written since the last {@link #clear}, ready to read. */
        ByteBuffer written() {
            return bytes.duplicate().flip();
        }

        void put(byte b) {
            ensure(1).put(b);
        }

        void putInt(int i) {
            ensure(4).putInt(i);
        }

        void putLong(long l) {
            ensure(8).putLong(l);
        }

        void putBytes(byte[] b) {
            ensure(4 + b.length).putInt(b.length).put(b);
        }

        void putRaw(byte[] b) {
            ensure(b.length).put(b);
        }

        private ByteBuffer ensure(int n) {
            if (bytes.remaining() < n) {
                int capacity = Math.max(bytes.capacity() * 2, bytes.position() + n);
                ByteBuffer bigger = bytes.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
                bytes.flip();
                bigger.put(bytes);
                bytes = bigger;
            }
            return bytes;
        }
    }
}
