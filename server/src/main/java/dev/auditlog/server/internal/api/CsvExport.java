package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.export.JsonExport;
import dev.auditlog.server.internal.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The CSV export (CONTRACT §4): UTF-8 with a byte-order mark so spreadsheets pick the right encoding, RFC 4180
 * quoting by FastCSV, and every cell a spreadsheet could take for a formula prefixed with {@code '}. Rows
 * stream straight from the store to the client; nothing but the current row is held.
 */
public final class CsvExport {
    /** The columns, in the contract's order; each is also the member of the entry's API JSON it comes from. */
    public static final List<String> COLUMNS = List.of("id", "seq", "recorded_at", "occurred_at", "channel", "event",
            "action", "description", "actor_type", "actor_id", "actor_name", "actor_email", "target_type", "target_id",
            "target_name", "concerns", "ip", "status", "changes", "metadata", "leaf_hash");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvExport() {
    }

    /** Writes the header and one row per entry; returns the number of entries. */
    public static long write(OutputStream out, JsonExport.EntrySource entries) {
        try {
            out.write(BOM);
            CsvWriter csv = CsvWriter.builder().build(out, StandardCharsets.UTF_8);
            csv.writeRecord(COLUMNS);
            long[] count = {0};
            String[] row = new String[COLUMNS.size()];
            entries.forEach(entry -> {
                ObjectNode json = EntryJson.toJson(entry);
                for (int i = 0; i < row.length; i++) row[i] = neutralise(cell(json, COLUMNS.get(i)));
                csv.writeRecord(row);
                count[0]++;
            });
            csv.close();
            return count[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell a spreadsheet would evaluate as a formula, made text. */
    public static String neutralise(String cell) {
        return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    private static String cell(ObjectNode entry, String column) {
        JsonNode node = switch (column) {
            case "actor_type", "actor_id", "actor_name", "actor_email" -> entry.path("actor").get(column.substring(6));
            case "target_type", "target_id", "target_name" -> entry.path("target").get(column.substring(7));
            default -> entry.get(column);
        };
        if (node == null || node.isNull()) return "";
        if (node.isValueNode()) return node.asText();
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
