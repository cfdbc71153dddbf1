package dev.auditlog.core.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stable byte encoding of an entry that its Merkle leaf hash covers; specified for auditors in
 * {@code docs/LEAF-ENCODING.md}. Any change here breaks every existing proof.
 *
 * <p>Why two layers: the personal fields (names, e-mail, IP, user agent, description, changes,
 * metadata) are not hashed directly but through a salted SHA-256 commitment. A GDPR erasure can then
 * drop them and keep only the commitment, and the leaf hash — and with it every proof and checkpoint —
 * stays the same. The per-entry random salt stops anyone from confirming a guessed name or e-mail
 * against the commitment once the fields are gone.
 */
public final class LeafEncoding {
    /** Version of this encoding, the {@code "v"} member of the leaf data. */
    public static final int VERSION = 1;
    /** Length of the per-entry salt in bytes. */
    public static final int SALT_BYTES = 16;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LeafEncoding() {
    }

    /** JCS bytes of the entry's personal fields: the part an erasure removes. */
    public static byte[] personalJson(Event e) {
        ObjectNode o = JSON.objectNode();
        Actor actor = e.actor();
        if (actor != null) {
            putIfPresent(o, "actor_name", actor.name());
            putIfPresent(o, "actor_email", actor.email());
        }
        if (e.target() != null) putIfPresent(o, "target_name", e.target().name());
        if (e.concerns().stream().anyMatch(c -> c.name() != null)) {
            ArrayNode names = o.putArray("concern_names");
            e.concerns().forEach(c -> names.add(c.name()));
        }
        putIfPresent(o, "ip", e.ip());
        putIfPresent(o, "user_agent", e.userAgent());
        putIfPresent(o, "description", e.description());
        putIfPresent(o, "changes", e.changes());
        putIfPresent(o, "metadata", e.metadata());
        return CanonicalJson.encode(o);
    }

    /** SHA-256(salt ‖ personalJson(e)). */
    public static byte[] personalCommitment(byte[] salt, Event e) {
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("salt must be " + SALT_BYTES + " bytes");
        }
        MessageDigest sha = sha256();
        sha.update(salt);
        return sha.digest(personalJson(e));
    }

    /** The commitment the leaf carries: the stored one once erased, else computed from salt and event. */
    public static byte[] personalCommitment(Entry e) {
        return e.erased() ? e.personalCommitment() : personalCommitment(e.salt(), e.event());
    }

    /** JCS bytes of the entry's non-personal fields plus the hex commitment to the personal ones. */
    public static byte[] leafData(Entry entry) {
        return leafData(entry, personalCommitment(entry));
    }

    /**
     * The same, with the commitment already known: a store computes it on the caller's thread, in parallel,
     * and leaves only this cheaper part to its single writer.
     */
    public static byte[] leafData(Entry entry, byte[] commitment) {
        return leafData(entry, commitment, null, null);
    }

    /**
     * The leaf data, with {@code recorded_at} and {@code seq} replaced by marker strings when given: how
     * {@link LeafTemplate} finds where the place-dependent values go.
     */
    static byte[] leafData(Entry entry, byte[] commitment, String recordedAtMarker, String seqMarker) {
        Event e = entry.event();
        ObjectNode o = JSON.objectNode();
        o.put("v", VERSION);
        o.put("id", entry.id());
        if (seqMarker != null) o.put("seq", seqMarker); else o.put("seq", entry.seq());
        o.put("recorded_at", recordedAtMarker != null ? recordedAtMarker : Times.format(entry.recordedAt()));
        if (e.occurredAt() != null) o.put("occurred_at", Times.format(e.occurredAt()));
        o.put("action", e.action());
        o.put("event", e.event().wire());
        o.put("channel", e.channel());
        o.put("status", e.status());
        Actor actor = e.actor();
        if (actor != null) {
            ObjectNode a = o.putObject("actor");
            putIfPresent(a, "type", actor.type());
            putIfPresent(a, "id", actor.id());
        }
        Target target = e.target();
        if (target != null) {
            ObjectNode t = o.putObject("target");
            putIfPresent(t, "type", target.type());
            putIfPresent(t, "id", target.id());
            putIfPresent(t, "url", target.url());
        }
        if (!e.concerns().isEmpty()) {
            ArrayNode concerns = o.putArray("concerns");
            for (Concern c : e.concerns()) {
                ObjectNode item = concerns.addObject();
                putIfPresent(item, "type", c.type());
                putIfPresent(item, "id", c.id());
            }
        }
        putIfPresent(o, "idempotency_key", e.idempotencyKey());
        o.put("personal", HexFormat.of().formatHex(commitment));
        return CanonicalJson.encode(o);
    }

    /** The RFC 6962 leaf hash: SHA-256(0x00 ‖ leafData(entry)). */
    public static byte[] leafHash(Entry entry) {
        return leafHash(entry, personalCommitment(entry));
    }

    /** The leaf hash with the personal commitment already computed (see {@link #leafData(Entry, byte[])}). */
    public static byte[] leafHash(Entry entry, byte[] commitment) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        return sha.digest(leafData(entry, commitment));
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (value != null) o.put(name, value);
    }

    private static void putIfPresent(ObjectNode o, String name, JsonNode value) {
        if (value != null && !value.isNull()) o.set(name, value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
