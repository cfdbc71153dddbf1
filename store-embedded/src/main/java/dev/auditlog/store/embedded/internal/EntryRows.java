package dev.auditlog.store.embedded.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.auditlog.core.canonical.ReadableJson;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.JsonTrees;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.EntryColumns;
import dev.auditlog.store.embedded.internal.TableRow.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Maps an {@link Entry} to a row of the {@code entries} table and back, in {@link Schema#ENTRY_COLUMNS} order.
 *
 * <p>Every field a filter reads has a column of its own; the fields only ever displayed travel together
 * in one JSON column, {@code details}. Why: DuckDB's appender costs about half a microsecond per value
 * (measured: 15 µs for a 28-column row), so fewer, wider columns are the cheapest way to ingest faster.
 * The {@code details} text does not depend on the entry's place in the log, so callers build it on their
 * own threads ({@link #details}) and the single writer only copies it.
 */
final class EntryRows {
    private static final ObjectMapper JSON = ReadableJson.newMapper();
    private static final HexFormat HEX = HexFormat.of();

    private EntryRows() {
    }

    /**
     * The {@code details} JSON of an event, UTF-8: everything shown but never filtered on, plus its salt and the
     * version of its leaf encoding ({@code leaf_version}; rows written before version 2 have none and are version 1).
     * Written straight to bytes: building a tree first made it a tenth of what callers allocate per event,
     * and writing characters first cost a second pass to encode them.
     */
    static byte[] details(Event ev, byte[] salt, byte[] personalCommitment, int leafVersion) {
        ByteArrayBuilder utf8 = new ByteArrayBuilder(512);
        try (JsonGenerator g = JSON.getFactory().createGenerator(utf8)) {
            g.writeStartObject();
            if (ev.actor() != null) {
                writeIfPresent(g, "actor_name", ev.actor().name());
                writeIfPresent(g, "actor_email", ev.actor().email());
            }
            if (ev.target() != null) {
                writeIfPresent(g, "target_name", ev.target().name());
                writeIfPresent(g, "target_url", ev.target().url());
            }
            if (!ev.concerns().isEmpty()) {
                g.writeArrayFieldStart("concerns");
                for (Concern c : ev.concerns()) {
                    g.writeStartObject();
                    writeIfPresent(g, "type", c.type());
                    writeIfPresent(g, "id", c.id());
                    writeIfPresent(g, "name", c.name());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            writeIfPresent(g, "user_agent", ev.userAgent());
            if (ev.occurredAt() != null) g.writeNumberField("occurred_ms", ev.occurredAt().toEpochMilli());
            if (ev.changes() != null) {
                g.writeFieldName("changes");
                JsonTrees.write(g, ev.changes());
            }
            if (ev.metadata() != null) {
                g.writeFieldName("metadata");
                JsonTrees.write(g, ev.metadata());
            }
            if (salt != null) g.writeStringField("salt", HEX.formatHex(salt));
            if (personalCommitment != null) g.writeStringField("personal_commitment", HEX.formatHex(personalCommitment));
            g.writeNumberField("leaf_version", leafVersion);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return utf8.toByteArray();
    }

    /**
     * The columns of an event's row that do not depend on its place in the log, {@code action} to
     * {@code details}, encoded on the caller's thread ({@link TableRow.Encoded}).
     */
    static TableRow.Encoded eventColumns(Event ev, byte[] details) {
        Actor actor = ev.actor();
        Target target = ev.target();
        return TableRow.Encoded.of(Text.of(ev.action()), Text.of(ev.event().wire()), Text.of(ev.channel()),
                Text.of(ev.status()), Text.of(actor == null ? null : actor.type()), Text.of(actor == null ? null : actor.id()),
                Text.of(target == null ? null : target.type()), Text.of(target == null ? null : target.id()),
                Text.of(EntryColumns.concernIds(ev.concerns())), Text.of(ev.ip()), Text.of(ev.description()),
                Text.of(ev.idempotencyKey()), new Text(details));
    }

    /** The entry's row, in {@link Schema#ENTRY_COLUMNS} order, around its {@link #eventColumns}. */
    static TableRow row(Text tenant, Entry e, TableRow.Encoded eventColumns) {
        return new TableRow(TableRow.Table.ENTRIES, new Object[] {
            tenant, e.seq(), Text.of(e.id()), e.recordedAt().toEpochMilli(), eventColumns, e.leafHash()
        });
    }

    /**
     * The entry in the current row of {@code rs}, which holds {@link Schema#ENTRY_COLUMNS} in that order.
     * Columns are read by position: looking each up by name cost a fifth of an export.
     */
    static Entry read(ResultSet rs) throws SQLException {
        return Row.read(rs).entry();
    }

    /**
     * An entry row's column values as the driver gave them ({@code details} as its UTF-8 bytes), not yet made an
     * {@link Entry}. A scan reads rows on a read thread and leaves the rest (parsing {@code details}, building the
     * entry) to its consumer's thread.
     */
    record Row(String tenant, long seq, String id, long recordedMs, String action, String event, String channel,
               String status, String actorType, String actorId, String targetType, String targetId, String ip,
               String description, String idempotencyKey, byte[] details, byte[] leafHash) {
        static Row read(ResultSet rs) throws SQLException {
            return new Row(text(rs, 1), rs.getLong(2), text(rs, 3), rs.getLong(4), text(rs, 5), text(rs, 6),
                    text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10), text(rs, 11), text(rs, 12), text(rs, 13),
                    text(rs, 14), text(rs, 15), Blobs.get(rs, 16), Blobs.get(rs, 17));
        }

        /** A text column that {@link Schema#ENTRY_COLUMNS} selects as its UTF-8 bytes. */
        private static String text(ResultSet rs, int column) throws SQLException {
            byte[] utf8 = Blobs.get(rs, column);
            return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
        }

        Entry entry() {
            Details d = Details.read(details);
            Actor actor = actorType == null && actorId == null && d.actorName == null && d.actorEmail == null
                    ? null : new Actor(actorType, actorId, d.actorName, d.actorEmail);
            Target target = targetType == null && targetId == null && d.targetName == null && d.targetUrl == null
                    ? null : new Target(targetType, targetId, d.targetName, d.targetUrl);
            Instant occurredAt = d.occurredMs == null ? null : Instant.ofEpochMilli(d.occurredMs);
            Event ev = new Event(action, EventType.fromWire(event).orElseThrow(), channel, description, occurredAt,
                    actor, target, d.concerns, ip, d.userAgent, status, d.changes, d.metadata, idempotencyKey);
            return new Entry(tenant, id, seq, Instant.ofEpochMilli(recordedMs), ev, d.salt, d.personalCommitment, leafHash,
                    d.leafVersion);
        }
    }

    /**
     * The {@code details} JSON of a row, read in one pass: its strings straight from the parser, and only
     * {@code changes} and {@code metadata}, which the event holds as JSON, as trees. Reading the whole column
     * into a tree first and looking each member up in it was a third of the work of an export.
     */
    private static final class Details {
        String actorName;
        String actorEmail;
        String targetName;
        String targetUrl;
        String userAgent;
        Long occurredMs;
        List<Concern> concerns = List.of();
        JsonNode changes;
        JsonNode metadata;
        byte[] salt;
        byte[] personalCommitment;
        int leafVersion = LeafEncoding.VERSION_1;

        /** @param json the column's UTF-8 bytes, parsed as they are (no String of the whole column first) */
        static Details read(byte[] json) {
            Details d = new Details();
            try (JsonParser p = JSON.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalStateException("stored details column is not an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "actor_name" -> d.actorName = p.getValueAsString();
                        case "actor_email" -> d.actorEmail = p.getValueAsString();
                        case "target_name" -> d.targetName = p.getValueAsString();
                        case "target_url" -> d.targetUrl = p.getValueAsString();
                        case "user_agent" -> d.userAgent = p.getValueAsString();
                        case "occurred_ms" -> d.occurredMs = p.getLongValue();
                        case "concerns" -> d.concerns = concerns(p);
                        case "changes" -> d.changes = tree(p);
                        case "metadata" -> d.metadata = tree(p);
                        case "salt" -> d.salt = HEX.parseHex(p.getText());
                        case "personal_commitment" -> d.personalCommitment = HEX.parseHex(p.getText());
                        case "leaf_version" -> d.leafVersion = p.getIntValue();
                        default -> p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("stored details column is unreadable", e);
            }
            return d;
        }

        private static JsonNode tree(JsonParser p) throws IOException {
            JsonNode node = JSON.readTree(p);
            return node == null ? NullNode.getInstance() : node;
        }

        private static List<Concern> concerns(JsonParser p) throws IOException {
            List<Concern> concerns = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String type = null;
                String id = null;
                String name = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "type" -> type = p.getValueAsString();
                        case "id" -> id = p.getValueAsString();
                        case "name" -> name = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                concerns.add(new Concern(type, id, name));
            }
            return concerns;
        }
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) g.writeStringField(field, value);
    }
}
