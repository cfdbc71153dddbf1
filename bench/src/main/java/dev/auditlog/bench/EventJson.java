package dev.auditlog.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import java.util.List;

/** Events in the form a client sends them to {@code POST /api/v1/tenants/{t}/events} (CONTRACT §4); absent fields are omitted. */
final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventJson() {
    }

    /** A request body: one event as an object, several as an array. */
    static byte[] body(List<Event> events) {
        try {
            if (events.size() == 1) return MAPPER.writeValueAsBytes(toJson(events.getFirst()));
            ArrayNode array = JSON.arrayNode();
            events.forEach(e -> array.add(toJson(e)));
            return MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode toJson(Event e) {
        ObjectNode o = JSON.objectNode();
        o.put("action", e.action());
        o.put("event", e.event().wire());
        o.put("channel", e.channel());
        put(o, "description", e.description());
        if (e.occurredAt() != null) o.put("occurred_at", Times.format(e.occurredAt()));
        Actor a = e.actor();
        if (a != null) {
            ObjectNode actor = o.putObject("actor");
            put(actor, "type", a.type());
            put(actor, "id", a.id());
            put(actor, "name", a.name());
            put(actor, "email", a.email());
        }
        Target t = e.target();
        if (t != null) {
            ObjectNode target = o.putObject("target");
            put(target, "type", t.type());
            put(target, "id", t.id());
            put(target, "name", t.name());
            put(target, "url", t.url());
        }
        if (!e.concerns().isEmpty()) {
            ArrayNode concerns = o.putArray("concerns");
            for (Concern c : e.concerns()) {
                ObjectNode concern = concerns.addObject();
                put(concern, "type", c.type());
                put(concern, "id", c.id());
                put(concern, "name", c.name());
            }
        }
        put(o, "ip", e.ip());
        put(o, "user_agent", e.userAgent());
        o.put("status", e.status());
        if (e.changes() != null) o.set("changes", e.changes());
        if (e.metadata() != null) o.set("metadata", e.metadata());
        put(o, "idempotency_key", e.idempotencyKey());
        return o;
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) o.put(name, value);
    }
}
