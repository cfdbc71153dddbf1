package dev.auditlog.store.embedded.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;

/** Maps an {@link Entry} to a row of the {@code entries} table and back, in {@link Schema#ENTRY_COLUMNS} order. */
final class EntryRows {
    /** Separates concern ids in {@code concern_ids}; ids cannot contain control characters. */
    static final char ID_SEPARATOR = '\u001f';
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryRows() {
    }

    static void append(DuckDBAppender a, Entry e) throws SQLException {
        Event ev = e.event();
        Actor actor = ev.actor();
        Target target = ev.target();
        a.beginRow();
        a.append(e.tenant());
        a.append(e.seq());
        a.append(e.id());
        a.append(e.recordedAt().toEpochMilli());
        if (ev.occurredAt() == null) a.appendNull(); else a.append(ev.occurredAt().toEpochMilli());
        a.append(ev.action());
        a.append(ev.event().wire());
        a.append(ev.channel());
        a.append(ev.status());
        a.append(actor == null ? null : actor.type());
        a.append(actor == null ? null : actor.id());
        a.append(actor == null ? null : actor.name());
        a.append(actor == null ? null : actor.email());
        a.append(target == null ? null : target.type());
        a.append(target == null ? null : target.id());
        a.append(target == null ? null : target.name());
        a.append(target == null ? null : target.url());
        a.append(concernsJson(ev.concerns()));
        a.append(concernIds(ev.concerns()));
        a.append(ev.ip());
        a.append(ev.userAgent());
        a.append(ev.description());
        a.append(json(ev.changes()));
        a.append(json(ev.metadata()));
        a.append(ev.idempotencyKey());
        a.append(e.salt());
        if (e.personalCommitment() == null) a.appendNull(); else a.append(e.personalCommitment());
        a.append(e.leafHash());
        a.endRow();
    }

    static Entry read(ResultSet rs) throws SQLException {
        String actorType = rs.getString("actor_type");
        String actorId = rs.getString("actor_id");
        String actorName = rs.getString("actor_name");
        String actorEmail = rs.getString("actor_email");
        Actor actor = actorType == null && actorId == null && actorName == null && actorEmail == null
                ? null : new Actor(actorType, actorId, actorName, actorEmail);
        String targetType = rs.getString("target_type");
        String targetId = rs.getString("target_id");
        String targetName = rs.getString("target_name");
        String targetUrl = rs.getString("target_url");
        Target target = targetType == null && targetId == null && targetName == null && targetUrl == null
                ? null : new Target(targetType, targetId, targetName, targetUrl);
        long occurred = rs.getLong("occurred_ms");
        Instant occurredAt = rs.wasNull() ? null : Instant.ofEpochMilli(occurred);
        Event event = new Event(rs.getString("action"), EventType.fromWire(rs.getString("event")).orElseThrow(),
                rs.getString("channel"), rs.getString("description"), occurredAt, actor, target,
                concerns(rs.getString("concerns")), rs.getString("ip"), rs.getString("user_agent"),
                rs.getString("status"), parse(rs.getString("changes")), parse(rs.getString("metadata")),
                rs.getString("idempotency_key"));
        return new Entry(rs.getString("tenant"), rs.getString("id"), rs.getLong("seq"),
                Instant.ofEpochMilli(rs.getLong("recorded_ms")), event, Blobs.get(rs, "salt"),
                Blobs.get(rs, "personal_commitment"), Blobs.get(rs, "leaf_hash"));
    }

    private static String concernsJson(List<Concern> concerns) {
        if (concerns.isEmpty()) return null;
        ArrayNode array = JSON.createArrayNode();
        for (Concern c : concerns) {
            ObjectNode o = array.addObject();
            putIfPresent(o, "type", c.type());
            putIfPresent(o, "id", c.id());
            putIfPresent(o, "name", c.name());
        }
        return array.toString();
    }

    /** {@code ␟id1␟id2␟}: lets the {@code concerns} filter match a whole id with one substring test. */
    static String concernIds(List<Concern> concerns) {
        StringBuilder ids = new StringBuilder();
        for (Concern c : concerns) {
            if (c.id() != null) ids.append(ID_SEPARATOR).append(c.id());
        }
        return ids.isEmpty() ? null : ids.append(ID_SEPARATOR).toString();
    }

    private static List<Concern> concerns(String json) {
        if (json == null) return List.of();
        List<Concern> concerns = new ArrayList<>();
        for (JsonNode c : parse(json)) {
            concerns.add(new Concern(text(c, "type"), text(c, "id"), text(c, "name")));
        }
        return concerns;
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }

    private static JsonNode parse(String json) {
        if (json == null) return null;
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is unreadable", e);
        }
    }
}
