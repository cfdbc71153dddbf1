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
 * names alike, because clients key maps by whatever they have, a person's name or e-mail address included. The values
 * of a member that names a person ({@link SubjectIdentifiers#namesAPerson}: {@code assignee}, {@code display_name}),
 * however nested ({@code {"assignee": {"old": …, "new": …}}}), are scrubbed as a person's name; every other string as
 * text.
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

    /** Scrubs every string with {@code scrub}, wherever it stands. */
    static JsonNode of(JsonNode node, UnaryOperator<String> scrub) {
        return of(node, scrub, scrub);
    }

    /** Scrubs the values of members that name a person with {@code personName}, every other string with {@code text}. */
    static JsonNode of(JsonNode node, UnaryOperator<String> text, UnaryOperator<String> personName) {
        return copy(node, text, personName, text);
    }

    /** @param values how this node's strings are scrubbed: as text, or as a person's name under a member naming one */
    private static JsonNode copy(JsonNode node, UnaryOperator<String> text, UnaryOperator<String> personName, UnaryOperator<String> values) {
        if (node == null) return null;
        if (node.isTextual()) return NODES.textNode(values.apply(node.textValue()));
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode(node.size());
            node.forEach(item -> out.add(copy(item, text, personName, values)));
            return out;
        }
        if (node.isObject()) return object(node, text, personName, values);
        return node;
    }

    private static ObjectNode object(JsonNode node, UnaryOperator<String> text, UnaryOperator<String> personName,
                                     UnaryOperator<String> values) {
        Set<String> kept = new HashSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (text.apply(name).equals(name)) kept.add(name);
        });
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String name = member.getKey();
            String scrubbed = kept.contains(name) ? name : unique(text.apply(name), out, kept);
            UnaryOperator<String> memberValues = SubjectIdentifiers.namesAPerson(name) ? personName : values;
            out.set(scrubbed, copy(member.getValue(), text, personName, memberValues));
        }
        return out;
    }

    private static String unique(String name, ObjectNode taken, Set<String> kept) {
        String candidate = name;
        for (int n = 2; taken.has(candidate) || kept.contains(candidate); n++) candidate = name + " (" + n + ")";
        return candidate;
    }
}
