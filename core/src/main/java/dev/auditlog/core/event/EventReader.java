package dev.auditlog.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.canonical.ReadableJson;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one JSON object into an {@link Event}, checking every rule of CONTRACT §4.
 *
 * <p>Why it never stops at the first problem: clients fix a rejected batch in one round trip only if
 * they see every error, each with a JSON Pointer to the offending value. So each field is checked on
 * its own, errors accumulate in the caller's list, and an event is built only if none were found.
 */
final class EventReader {
    static final int MAX_NESTING = 32;
    private static final int MAX_NAME = Event.MAX_PARTY_FIELD;
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+");

    private static final Set<String> EVENT_FIELDS = Set.of("action", "event", "channel", "description",
            "occurred_at", "actor", "target", "concerns", "ip", "user_agent", "status", "changes", "metadata",
            "idempotency_key");
    private static final Set<String> ACTOR_FIELDS = Set.of("type", "id", "name", "email");
    private static final Set<String> TARGET_FIELDS = Set.of("type", "id", "name", "url");
    private static final Set<String> CONCERN_FIELDS = Set.of("type", "id", "name");

    private final Clock clock;
    private final String base;
    private final List<FieldError> errors;

    EventReader(Clock clock, int index, List<FieldError> errors) {
        this.clock = clock;
        this.base = "/events/" + index;
        this.errors = errors;
    }

    /** The event, or null when {@code node} broke a rule (the reasons are then in the error list). */
    Event read(JsonNode node) {
        int before = errors.size();
        if (!node.isObject()) {
            error("", "must be a JSON object");
            return null;
        }
        unknownFields(node, "", EVENT_FIELDS);

        String action = string(node, "", "action", 100, false);
        if (action == null && !present(node.get("action"))) error("/action", "is required");
        if (action != null && !Event.ACTION.matcher(action).matches()) {
            error("/action", "must be " + Event.ACTION_RULE);
            action = null;
        }
        EventType type = eventType(node, action);
        String channel = string(node, "", "channel", 64, false);
        if (channel != null && !Event.CHANNEL.matcher(channel).matches()) {
            error("/channel", "must match " + Event.CHANNEL_RULE);
        }
        // free text, held only to the event's own size (CONTRACT §2): a long message or diff belongs here
        String description = string(node, "", "description", EventParser.MAX_EVENT_BYTES, true);
        Instant occurredAt = occurredAt(node);
        Actor actor = actor(node.get("actor"));
        Target target = target(node.get("target"));
        List<Concern> concerns = concerns(node.get("concerns"));
        String ip = ip(node);
        String userAgent = string(node, "", "user_agent", 1_000, false);
        String status = string(node, "", "status", MAX_NAME, false);
        if (status != null && !Event.STATUSES.contains(status)) {
            error("/status", "must be 'success' or 'error'");
        }
        JsonNode changes = document(node, "changes");
        JsonNode metadata = document(node, "metadata");
        String idempotencyKey = string(node, "", "idempotency_key", 200, false);
        if (idempotencyKey != null && idempotencyKey.isEmpty()) error("/idempotency_key", "must not be empty");
        if (idempotencyKey != null && idempotencyKey.regionMatches(true, 0, Event.AUDITLOG_KEY_PREFIX, 0, Event.AUDITLOG_KEY_PREFIX.length())) {
            error("/idempotency_key", "must not begin with '" + Event.AUDITLOG_KEY_PREFIX + "': that marks the entries Auditlog writes itself");
        }

        if (errors.size() != before) return null;
        return new Event(action, type, channel == null ? Event.DEFAULT_CHANNEL : channel, description, occurredAt,
                actor, target, concerns, ip, userAgent, status == null ? Event.SUCCESS : status, changes, metadata,
                idempotencyKey);
    }

    private EventType eventType(JsonNode node, String action) {
        String wire = string(node, "", "event", MAX_NAME, false);
        if (wire != null) {
            EventType type = EventType.fromWire(wire).orElse(null);
            if (type == null) error("/event", "must be one of created, read, updated, deleted, other");
            return type;
        }
        return action == null ? null : EventType.derive(action);
    }

    private Instant occurredAt(JsonNode node) {
        String text = string(node, "", "occurred_at", 64, false);
        if (text == null) return null;
        try {
            Instant t = Times.parse(text);
            if (t.isAfter(clock.instant().plus(MAX_FUTURE))) {
                error("/occurred_at", "must not be more than 5 minutes in the future");
                return null;
            }
            return t;
        } catch (IllegalArgumentException e) {
            error("/occurred_at", "must be an RFC 3339 date-time such as 2026-11-21T10:00:00Z");
            return null;
        }
    }

    private Actor actor(JsonNode node) {
        if (!object(node, "/actor")) return null;
        unknownFields(node, "/actor", ACTOR_FIELDS);
        String type = string(node, "/actor", "type", MAX_NAME, false);
        if (type != null && !Actor.TYPES.contains(type)) {
            error("/actor/type", "must be one of user, integration, system");
        }
        String id = string(node, "/actor", "id", MAX_NAME, false);
        String name = string(node, "/actor", "name", MAX_NAME, false);
        String email = string(node, "/actor", "email", 254, false);
        if (email != null && !EMAIL.matcher(email).matches()) {
            error("/actor/email", "must be an e-mail address such as grace@example.com");
        }
        if (type == null && id == null && name == null && email == null) return null;
        return new Actor(type, id, name, email);
    }

    private Target target(JsonNode node) {
        if (!object(node, "/target")) return null;
        unknownFields(node, "/target", TARGET_FIELDS);
        String type = string(node, "/target", "type", MAX_NAME, false);
        String id = string(node, "/target", "id", MAX_NAME, false);
        String name = string(node, "/target", "name", MAX_NAME, false);
        String url = string(node, "/target", "url", Event.MAX_URL, false);
        if (url != null && !isWebUrl(url)) error("/target/url", "must be an absolute http or https URL");
        if (type == null && id == null && name == null && url == null) return null;
        return new Target(type, id, name, url);
    }

    private List<Concern> concerns(JsonNode node) {
        if (!present(node)) return List.of();
        if (!node.isArray()) {
            error("/concerns", "must be an array of objects");
            return List.of();
        }
        List<Concern> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "/concerns/" + i;
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                error(path, "must be a JSON object");
                continue;
            }
            unknownFields(item, path, CONCERN_FIELDS);
            out.add(new Concern(string(item, path, "type", MAX_NAME, false), string(item, path, "id", MAX_NAME, false),
                    string(item, path, "name", MAX_NAME, false)));
        }
        return out;
    }

    private String ip(JsonNode node) {
        String text = string(node, "", "ip", 64, false);
        if (text == null) return null;
        String canonical = IpAddresses.canonical(text);
        if (canonical == null) error("/ip", "must be an IPv4 or IPv6 address");
        return canonical;
    }

    /** {@code changes} or {@code metadata}: any JSON object of bounded depth with clean strings and finite numbers. */
    private JsonNode document(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (!present(node)) return null;
        if (!node.isObject()) {
            error("/" + field, "must be a JSON object");
            return null;
        }
        checkTree(node, "/" + field, 1);
        return node;
    }

    /**
     * Checks a value of {@code changes} or {@code metadata} and leaves each decimal in it a double, as the entry keeps it:
     * the parser reads decimals as written ({@link java.math.BigDecimal}) so that one a double cannot hold exactly is
     * refused here, as an integer beyond ±2^53 is, rather than stored with its digits silently changed.
     */
    private void checkTree(JsonNode node, String path, int depth) {
        if (node.isContainerNode() && depth > MAX_NESTING) {
            error(path, "is nested more than " + MAX_NESTING + " levels deep");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String memberPath = FieldError.member(path, member.getKey());
                String problem = Text.problem(member.getKey(), true);
                if (problem != null) error(memberPath, "member name " + problem);
                checkTree(member.getValue(), memberPath, depth + 1);
                if (member.getValue().isBigDecimal()) member.setValue(DoubleNode.valueOf(member.getValue().doubleValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(node.get(i), path + "/" + i, depth + 1);
                if (node.get(i).isBigDecimal()) ((ArrayNode) node).set(i, DoubleNode.valueOf(node.get(i).doubleValue()));
            }
        } else if (node.isTextual()) {
            String problem = Text.problem(node.textValue(), true);
            if (problem != null) error(path, problem);
        } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            error(path, "is a number too large for a double");
        } else if (node.isIntegralNumber() && !CanonicalJson.isExactInteger(node)) {
            // JCS would hash the double it rounds to while the entry kept every digit: one changed unseen in an export
            error(path, "is an integer beyond ±" + CanonicalJson.MAX_EXACT_INTEGER + ", which a JSON number does not hold "
                    + "exactly: send it as a string");
        } else if (node.isBigDecimal() && !heldExactly(node.decimalValue())) {
            error(path, "is a number a double does not hold exactly (it would be kept as "
                    + ReadableJson.decimal(node.doubleValue()) + "): send it as a string");
        }
    }

    /**
     * Whether {@code decimal} comes back unchanged from the double nearest it, written as briefly as it reads back
     * (ECMAScript's form, which the entry's JSON and its leaf hash use): 0.1 and 5e-324 do, 0.30000000000000000001 does not.
     */
    private static boolean heldExactly(BigDecimal decimal) {
        double nearest = decimal.doubleValue();
        return Double.isFinite(nearest) && new BigDecimal(CanonicalJson.number(nearest)).compareTo(decimal) == 0;
    }

    /**
     * A string member, checked for type, length and characters. Null when absent, JSON null or
     * invalid (with an error recorded).
     */
    private String string(JsonNode parent, String path, String field, int maxLength, boolean freeText) {
        JsonNode node = parent.get(field);
        if (!present(node)) return null;
        String pointer = path + "/" + field;
        if (!node.isTextual()) {
            error(pointer, "must be a string, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        String value = node.textValue();
        String problem = Text.problem(value, freeText);
        if (problem != null) {
            error(pointer, problem);
            return null;
        }
        if (Text.length(value) > maxLength) {
            error(pointer, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    /** True for a JSON object; records an error for any other non-null value. */
    private boolean object(JsonNode node, String pointer) {
        if (!present(node)) return false;
        if (!node.isObject()) error(pointer, "must be a JSON object");
        return node.isObject();
    }

    private void unknownFields(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                error(FieldError.member(path, name), "unknown field '" + name + "'");
            }
        }
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private void error(String pointer, String detail) {
        errors.add(new FieldError(base + pointer, detail));
    }
}
