package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.export.CsvExport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CSV bytes being gathered for the client, written cell by cell from UTF-8 bytes as {@link CsvExport} writes
 * them from strings: a cell that {@link CsvExport#startsFormula starts like a formula} gets a {@code '} in
 * front, then, as FastCSV does, a cell holding {@code "}, {@code ,}, CR or LF (or a row's first cell starting
 * with {@code #}, FastCSV's comment character) is quoted with its quotes doubled; an empty or absent cell is
 * nothing; rows end with CRLF. It is also an {@link OutputStream}, so the generic writer can add rows to it.
 */
final class CsvBuffer extends OutputStream {
    private byte[] bytes = new byte[1 << 17];
    private int size;

    /** Appends one cell; an empty one ({@code length <= 0}: empty, or absent) is nothing. */
    void cell(byte[] value, int offset, int length, boolean firstOfRow) {
        if (length <= 0) return;
        boolean formula = CsvExport.startsFormula(value[offset]);
        boolean quote = firstOfRow && value[offset] == '#' || needsQuotes(value, offset, offset + length);
        ensure(2 * length + 3);
        if (quote) bytes[size++] = '"';
        if (formula) bytes[size++] = '\'';
        if (quote) {
            for (int i = offset, end = offset + length; i < end; i++) {
                byte c = value[i];
                if (c == '"') bytes[size++] = '"';
                bytes[size++] = c;
            }
            bytes[size++] = '"';
        } else {
            System.arraycopy(value, offset, bytes, size, length);
            size += length;
        }
    }

    /**
     * Whether {@code value[from, to)} holds {@code "}, {@code ,}, CR or LF. Eight bytes at a time: this test
     * runs over every byte of the export, and byte by byte it was a fifth of the formatting.
     */
    static boolean needsQuotes(byte[] value, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = Words.at(value, i);
            long special = Words.equal(word, '"') | Words.equal(word, ',') | Words.equal(word, '\r') | Words.equal(word, '\n');
            if (special != 0) return true;
        }
        for (; i < to; i++) {
            byte c = value[i];
            if (c == '"' || c == ',' || c == '\r' || c == '\n') return true;
        }
        return false;
    }

    /** Appends a cell of ASCII text. */
    void cell(String ascii) {
        byte[] value = ascii.getBytes(StandardCharsets.US_ASCII);
        cell(value, 0, value.length, false);
    }

    void separator() {
        ensure(1);
        bytes[size++] = ',';
    }

    void endRow() {
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
    }

    int size() {
        return size;
    }

    /** Writes what was gathered to {@code out} and empties the buffer. */
    void drainTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
    }
}
