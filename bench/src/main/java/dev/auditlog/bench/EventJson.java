package dev.auditlog.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.event.Event;
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
        return EntryJson.putEvent(JSON.objectNode(), e);
    }
}
