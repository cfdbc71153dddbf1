package dev.auditlog.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Concern;
import java.util.ArrayList;
import java.util.List;

/**
 * How the structured parts of an entry are flattened into text columns by SQL stores, and read back:
 * concerns as a JSON array plus a separator-delimited id list, changes and metadata as compact JSON.
 */
public final class EntryColumns {
    /** Separates concern ids in the {@code concern_ids} column; ids cannot contain control characters. */
    public static final char ID_SEPARATOR = '\u001f';
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryColumns() {
    }

    /** The concerns as a compact JSON array, or null when there are none. */
    public static String concernsJson(List<Concern> concerns) {
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
    public static String concernIds(List<Concern> concerns) {
        StringBuilder ids = new StringBuilder();
        for (Concern c : concerns) {
            if (c.id() != null) ids.append(ID_SEPARATOR).append(c.id());
        }
        return ids.isEmpty() ? null : ids.append(ID_SEPARATOR).toString();
    }

    /** What a {@link #concernIds} value contains when the entry concerns {@code id}. */
    public static String concernIdNeedle(String id) {
        return ID_SEPARATOR + id + ID_SEPARATOR;
    }

    public static List<Concern> concerns(String json) {
        if (json == null) return List.of();
        List<Concern> concerns = new ArrayList<>();
        for (JsonNode c : parse(json)) {
            concerns.add(new Concern(text(c, "type"), text(c, "id"), text(c, "name")));
        }
        return concerns;
    }

    public static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }

    public static JsonNode parse(String json) {
        if (json == null) return null;
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is unreadable", e);
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
