package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.export.CsvExport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The embedded store's CSV export: the bytes {@link CsvExport} writes from entries, written from the stored
 * columns without building entries.
 *
 * <h2>How</h2>
 * The read pool runs the scan's windows with {@link CsvFrame#COLUMNS}: DuckDB only joins each row's text columns
 * into one BLOB (and writes the leaf hash as hex), and the driver hands over one byte array per row. The caller's
 * thread ({@link Handoff}) writes each row's cells from those bytes ({@link CsvLines}), taking {@code concerns},
 * {@code changes} and {@code metadata} as spans of the stored {@code details} JSON ({@link DetailsCells}), and
 * sends them to the client 64 KiB at a time. A row the byte path cannot write exactly as the generic one
 * (unusual JSON in {@code details}, a NUL byte in a column) is built into an entry and written by
 * {@link CsvExport.Rows}, in its place.
 *
 * <h2>Why this way, measured</h2>
 * CPU seconds per 1,000,000 sample entries on the benchmark's 2 cores:
 * <ul>
 *   <li>entries, as before: fetching the eighteen columns through JDBC took about 7 s alone ({@code getString}
 *       costs some 360 ns a value: the driver decodes every string through a JNI call-back), then building and
 *       formatting the entries; 135,000 rows/s over HTTP;</li>
 *   <li>the whole CSV line built in SQL (quoting, formula guard, JSON members through DuckDB's JSON functions),
 *       fetched as one value: 2.3 to 3.5 s for DuckDB to build the lines, before sorting and fetching them: every
 *       reference to a JSON member parsed {@code details} again until one {@code json_transform} read them all,
 *       and the quoting test's regular expression alone cost 1.2 s;</li>
 *   <li>DuckDB's {@code COPY ... TO} CSV writer into a temporary file: 3.2 s for the bare columns, 4 to 4.7 s with
 *       the lines built in SQL, before the file is read back and sent; and its quoting is not FastCSV's;</li>
 *   <li>this way: DuckDB about 0.9 s (query, sort, joining the columns; a length before each field instead of
 *       separators cost it 0.4 s more), the driver's fetch of the byte arrays about 0.2 s, the cells 1 µs a row.
 *       Over HTTP about 330,000 rows/s for the first export after a start (DuckDB still reading the table into
 *       its buffers, the JIT still compiling) and 450,000 to 600,000 for later ones; both cores are then full.</li>
 * </ul>
 */
final class CsvExportScan {
    /** Gathered bytes are written to the client in pieces about this large. */
    private static final int WRITE_AT = 1 << 16;

    private CsvExportScan() {
    }

    /** Writes the export of the rows {@code rows} reads (newest first); returns how many there were. */
    static long write(ReadPool reads, List<ReadPool.RowReader<CsvFrame.Row>> rows, String tenant, OutputStream out) {
        CsvBuffer buffer = new CsvBuffer();
        CsvExport.Rows generic = new CsvExport.Rows(buffer);
        CsvLines lines = new CsvLines(buffer);
        generic.header();
        generic.flush();
        long[] count = {0};
        reads.stream(rows, row -> {
            if (row.stored() != null) {
                generic.entry(row.stored().entry());
                generic.flush();
            } else if (!lines.write(row)) {
                generic.entry(lines.frame().entryRow(tenant, row).entry());
                generic.flush();
            }
            count[0]++;
            if (buffer.size() >= WRITE_AT) send(buffer, out);
        });
        send(buffer, out);
        return count[0];
    }

    private static void send(CsvBuffer buffer, OutputStream out) {
        try {
            buffer.drainTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
