package dev.auditlog.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.auditlog.core.canonical.ReadableJson;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.store.EntryColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The CSV export (CONTRACT §4): UTF-8 with a byte-order mark so spreadsheets pick the right encoding, RFC 4180
 * quoting by FastCSV, and every cell a spreadsheet could take for a formula prefixed with {@code '}. Rows
 * stream straight from the store to the client; nothing but the current row is held.
 *
 * <p>This is the generic way to the export, from {@link Entry} objects, and the definition of its bytes: a store
 * that writes the same CSV faster (see {@link dev.auditlog.core.store.LogStore#exportCsv}) is held to it byte for
 * byte, and writes the rows it cannot render itself through {@link Rows}.
 */
public final class CsvExport {
    /** The columns, in the contract's order; each is also the member of the entry's API JSON it comes from. */
    public static final List<String> COLUMNS = List.of("id", "seq", "recorded_at", "occurred_at", "channel", "event",
            "action", "description", "actor_type", "actor_id", "actor_name", "actor_email", "target_type", "target_id",
            "target_name", "concerns", "ip", "status", "changes", "metadata", "leaf_hash");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = ReadableJson.newMapper();

    private CsvExport() {
    }

    /** Writes the header and one row per entry and flushes (the caller closes {@code out}); returns the entries' number. */
    public static long write(OutputStream out, JsonExport.EntrySource entries) {
        Rows rows = new Rows(out);
        rows.header();
        long[] count = {0};
        entries.forEach(entry -> {
            rows.entry(entry);
            count[0]++;
        });
        rows.flush();
        return count[0];
    }

    /**
     * The export written piece by piece: the byte-order mark and header, then rows. FastCSV buffers what it
     * writes; {@link #flush} passes it on, so that a caller may put bytes of its own between rows.
     */
    public static final class Rows {
        private final OutputStream out;
        private final CsvWriter csv;
        private final String[] row = new String[COLUMNS.size()];

        public Rows(OutputStream out) {
            this.out = out;
            this.csv = CsvWriter.builder().build(out, StandardCharsets.UTF_8);
        }

        /** The byte-order mark and the header row; first, once. */
        public void header() {
            try {
                out.write(BOM);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            csv.writeRecord(COLUMNS);
        }

        public void entry(Entry entry) {
            fill(row, entry);
            csv.writeRecord(row);
        }

        public void flush() {
            try {
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The cells of one entry, in {@link #COLUMNS} order: each the value of the same member of the entry's API
     * JSON ({@link dev.auditlog.core.entry.EntryJson#toJson}), JSON values compact, absent ones empty, and
     * formula-like cells neutralised. Written field by field (a test holds it to the JSON) because building the
     * JSON first cost more than the rest of the export.
     */
    static void fill(String[] row, Entry entry) {
        Event e = entry.event();
        Actor actor = e.actor();
        Target target = e.target();
        row[0] = entry.id();
        row[1] = Long.toString(entry.seq());
        row[2] = Times.format(entry.recordedAt());
        row[3] = e.occurredAt() == null ? null : Times.format(e.occurredAt());
        row[4] = e.channel();
        row[5] = e.event().wire();
        row[6] = e.action();
        row[7] = e.description();
        row[8] = actor == null ? null : actor.type();
        row[9] = actor == null ? null : actor.id();
        row[10] = actor == null ? null : actor.name();
        row[11] = actor == null ? null : actor.email();
        row[12] = target == null ? null : target.type();
        row[13] = target == null ? null : target.id();
        row[14] = target == null ? null : target.name();
        row[15] = EntryColumns.concernsJson(e.concerns());
        row[16] = e.ip();
        row[17] = e.status();
        row[18] = json(e.changes());
        row[19] = json(e.metadata());
        row[20] = HEX.formatHex(entry.leafHash() != null ? entry.leafHash() : LeafEncoding.leafHash(entry));
        for (int i = 0; i < row.length; i++) row[i] = row[i] == null ? "" : neutralise(row[i]);
    }

    /** A cell a spreadsheet would evaluate as a formula, made text. */
    public static String neutralise(String cell) {
        return !cell.isEmpty() && startsFormula(cell.charAt(0)) ? "'" + cell : cell;
    }

    /** True when a cell starting with {@code c} could be taken for a formula: {@code = + - @}, tab or CR. */
    public static boolean startsFormula(int c) {
        return switch (c) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }

    private static String json(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isValueNode()) return node.asText();
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
