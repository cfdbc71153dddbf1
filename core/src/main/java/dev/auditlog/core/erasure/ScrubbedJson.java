package dev.auditlog.core.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A copy of a client's JSON ({@code changes}, {@code metadata}) with every string scrubbed: values and member
 * names alike, because clients key maps by whatever they have, a person's name or e-mail address included.
 *
 * <p>Why suffixes: scrubbing can make two member names equal ("Ada" and "ada@example.com" both become the
 * pseudonym, or a renamed member meets one that already had that name). A JSON object cannot hold both, and
 * dropping one would lose data silently, so a renamed member that would collide gets " (2)", " (3)", … —
 * members that scrubbing left alone keep their names.
 */
final class ScrubbedJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ScrubbedJson() {
    }

    static JsonNode of(JsonNode node, UnaryOperator<String> scrub) {
        if (node == null) return null;
        if (node.isTextual()) return NODES.textNode(scrub.apply(node.textValue()));
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            node.forEach(item -> out.add(of(item, scrub)));
            return out;
        }
        if (node.isObject()) return object(node, scrub);
        return node;
    }

    private static ObjectNode object(JsonNode node, UnaryOperator<String> scrub) {
        Set<String> kept = new HashSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (scrub.apply(name).equals(name)) kept.add(name);
        });
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            String scrubbed = kept.contains(name) ? name : unique(scrub.apply(name), out, kept);
            out.set(scrubbed, of(member.getValue(), scrub));
        }
        return out;
    }

    private static String unique(String name, ObjectNode taken, Set<String> kept) {
        String candidate = name;
        for (int n = 2; taken.has(candidate) || kept.contains(candidate); n++) candidate = name + " (" + n + ")";
        return candidate;
    }
}
