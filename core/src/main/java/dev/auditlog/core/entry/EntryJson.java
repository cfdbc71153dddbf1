package dev.auditlog.core.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of an entry: as every API read returns it ({@link #toJson}), and as the JSON export
 * carries it with what offline verification needs ({@link #toExportJson}, read back by
 * {@link #fromExportJson} exactly enough to recompute the leaf hash). Absent fields are omitted.
 */
public final class EntryJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    /** Every member {@link #toExportJson} may write, at the top level and in the nested objects. */
    private static final Set<String> EXPORT_MEMBERS = Set.of("id", "seq", "recorded_at", "occurred_at", "action", "event",
            "channel", "description", "actor", "target", "concerns", "ip", "user_agent", "status", "changes", "metadata",
            "idempotency_key", "leaf_hash", "salt", "personal_commitment", "erased", "leaf_version");
    private static final Set<String> ACTOR_MEMBERS = Set.of("type", "id", "name", "email");
    private static final Set<String> TARGET_MEMBERS = Set.of("type", "id", "name", "url");
    private static final Set<String> CONCERN_MEMBERS = Set.of("type", "id", "name");

    private EntryJson() {
    }

    /** The entry as the API returns it. */
    public static ObjectNode toJson(Entry entry) {
        Event e = entry.event();
        ObjectNode o = JSON.objectNode();
        o.put("id", entry.id());
        o.put("seq", entry.seq());
        o.put("recorded_at", Times.format(entry.recordedAt()));
        putEvent(o, e);
        byte[] leafHash = entry.leafHash() != null ? entry.leafHash() : LeafEncoding.leafHash(entry);
        o.put("leaf_hash", HEX.formatHex(leafHash));
        return o;
    }

    /**
     * Puts the event's members into {@code o} as CONTRACT §4 names them — what a client sends, and the
     * middle of what the API returns — leaving out the absent ones.
     */
    public static ObjectNode putEvent(ObjectNode o, Event e) {
        if (e.occurredAt() != null) o.put("occurred_at", Times.format(e.occurredAt()));
        o.put("action", e.action());
        o.put("event", e.event().wire());
        o.put("channel", e.channel());
        put(o, "description", e.description());
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

    /**
     * The entry as the JSON export carries it: {@link #toJson} plus {@code salt} (hex) for an intact
     * entry, or {@code personal_commitment} (hex) and {@code "erased": true} for an erased one — whose
     * salt is never disclosed, so its commitment cannot be tested against guessed personal data — and last the
     * {@code leaf_version} its leaf hash was computed with (exports made before version 2 have none: all version 1).
     */
    public static ObjectNode toExportJson(Entry entry) {
        ObjectNode o = toJson(entry);
        if (entry.erased()) {
            o.put("personal_commitment", HEX.formatHex(entry.personalCommitment()));
            o.put("erased", true);
        } else {
            o.put("salt", HEX.formatHex(entry.salt()));
        }
        o.put("leaf_version", entry.leafVersion());
        return o;
    }

    /**
     * Reads an entry from its export form. The fields are taken as written (not re-validated), so
     * that {@link LeafEncoding#leafHash} of the result is the hash of what the export claims. A member that
     * {@link #toExportJson} never writes is refused: the leaf hash does not cover it, so an entry that has one
     * was changed, and a reader would take it for part of the entry.
     *
     * @param tenant the tenant the export belongs to (exports name it once, not per entry)
     * @throws IllegalArgumentException when a required member is missing, malformed or unknown
     */
    public static Entry fromExportJson(JsonNode node, String tenant) {
        if (!node.isObject()) throw new IllegalArgumentException("an entry must be a JSON object");
        refuseUnknown(node, EXPORT_MEMBERS, "");
        refuseUnknown(node.get("actor"), ACTOR_MEMBERS, "actor.");
        refuseUnknown(node.get("target"), TARGET_MEMBERS, "target.");
        JsonNode concernList = node.get("concerns");
        if (concernList != null) concernList.forEach(c -> refuseUnknown(c, CONCERN_MEMBERS, "concerns[]."));
        Event event = readEvent(node);
        JsonNode erasedFlag = node.get("erased");
        if (erasedFlag != null && !erasedFlag.isBoolean()) throw new IllegalArgumentException("its 'erased' is neither true nor false");
        boolean erased = erasedFlag != null && erasedFlag.booleanValue();
        return new Entry(
                tenant,
                required(node, "id"),
                seq(node),
                time(required(node, "recorded_at")),
                event,
                erased ? null : hex(required(node, "salt")),
                erased ? hex(required(node, "personal_commitment")) : null,
                hex(text(node, "leaf_hash")),
                leafVersion(node));
    }

    /** The entry's {@code leaf_version}: 1 when absent (exports made before version 2), else a version this build knows. */
    private static int leafVersion(JsonNode node) {
        JsonNode version = node.get("leaf_version");
        if (version == null) return LeafEncoding.VERSION_1;
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new IllegalArgumentException("its 'leaf_version' is not a whole number");
        }
        LeafEncoding.checkVersion(version.intValue());
        return version.intValue();
    }

    /**
     * Reads the event's members as {@link #putEvent} writes them, taken as written (not re-validated).
     *
     * @throws IllegalArgumentException when a required member is missing or malformed
     */
    public static Event readEvent(JsonNode node) {
        return new Event(
                required(node, "action"),
                EventType.fromWire(required(node, "event"))
                        .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + node.get("event"))),
                required(node, "channel"),
                text(node, "description"),
                time(text(node, "occurred_at")),
                actor(node.get("actor")),
                target(node.get("target")),
                concerns(node.get("concerns")),
                text(node, "ip"),
                text(node, "user_agent"),
                required(node, "status"),
                document(node, "changes"),
                document(node, "metadata"),
                text(node, "idempotency_key"));
    }

    private static void refuseUnknown(JsonNode object, Set<String> known, String path) {
        if (object == null || !object.isObject()) return;
        for (var member : object.properties()) {
            if (!known.contains(member.getKey())) {
                throw new IllegalArgumentException("it has a member '" + path + member.getKey() + "' that no export writes");
            }
        }
    }

    private static Actor actor(JsonNode n) {
        if (n == null || n.isNull()) return null;
        return new Actor(text(n, "type"), text(n, "id"), text(n, "name"), text(n, "email"));
    }

    private static Target target(JsonNode n) {
        if (n == null || n.isNull()) return null;
        return new Target(text(n, "type"), text(n, "id"), text(n, "name"), text(n, "url"));
    }

    private static List<Concern> concerns(JsonNode n) {
        List<Concern> out = new ArrayList<>();
        if (n != null) n.forEach(c -> out.add(new Concern(text(c, "type"), text(c, "id"), text(c, "name"))));
        return out;
    }

    private static long seq(JsonNode node) {
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong()) {
            throw new IllegalArgumentException("entry has no integer 'seq'");
        }
        return seq.longValue();
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * {@code changes} or {@code metadata}, refused when it holds an integer beyond ±2^53: the leaf hash covers the
     * double it rounds to (JCS), so its last digits could be changed unseen. Ingest refuses such integers.
     */
    private static JsonNode document(JsonNode node, String name) {
        JsonNode value = object(node, name);
        if (value != null) refuseInexactIntegers(value, name);
        return value;
    }

    private static void refuseInexactIntegers(JsonNode node, String name) {
        if (node.isIntegralNumber() && !CanonicalJson.isExactInteger(node)) {
            throw new IllegalArgumentException("its " + name + " holds the integer " + node.asText() + ", beyond ±"
                    + CanonicalJson.MAX_EXACT_INTEGER + ", whose digits its leaf hash does not cover");
        }
        for (JsonNode child : node) refuseInexactIntegers(child, name);
    }

    private static String required(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null) throw new IllegalArgumentException("entry has no '" + name + "'");
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new IllegalArgumentException("'" + name + "' must be a string");
        return value.textValue();
    }

    private static Instant time(String text) {
        return text == null ? null : Times.parse(text);
    }

    private static byte[] hex(String text) {
        return text == null ? null : HEX.parseHex(text);
    }

    private static void put(ObjectNode o, String name, String value) {
        if (value != null) o.put(name, value);
    }
}
