package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each CSV cell is the same member of the entry's API JSON: the export and the API never disagree. */
class CsvExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCellIsTheMemberOfTheApiJsonItIsNamedFor() throws Exception {
        SampleEvents sample = new SampleEvents(23);
        String[] row = new String[CsvExport.COLUMNS.size()];
        for (int i = 0; i < 2_000; i++) {
            Event event = sample.next(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i));
            Instant recorded = Instant.parse("2026-11-02T00:00:00Z").plusMillis(i);
            Entry entry = new Entry("t", EntryIds.newId(recorded.toEpochMilli()), i, recorded, event, EntryIds.newSalt(), null, null);
            entry = new Entry("t", entry.id(), i, recorded, event, entry.salt(), null, LeafEncoding.leafHash(entry));
            CsvExport.fill(row, entry);
            ObjectNode json = EntryJson.toJson(entry);
            for (int c = 0; c < row.length; c++) {
                assertThat(row[c]).as("entry %d, column %s", i, CsvExport.COLUMNS.get(c))
                        .isEqualTo(CsvExport.neutralise(member(json, CsvExport.COLUMNS.get(c))));
            }
        }
    }

    /** The API JSON member a column names ({@code actor_id} is {@code actor.id}), as text; JSON values compact. */
    private static String member(ObjectNode entry, String column) throws Exception {
        JsonNode node = switch (column) {
            case "actor_type", "actor_id", "actor_name", "actor_email" -> entry.path("actor").get(column.substring(6));
            case "target_type", "target_id", "target_name" -> entry.path("target").get(column.substring(7));
            default -> entry.get(column);
        };
        if (node == null || node.isNull()) return "";
        return node.isValueNode() ? node.asText() : JSON.writeValueAsString(node);
    }
}
