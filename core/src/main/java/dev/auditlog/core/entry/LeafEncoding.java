package dev.auditlog.core.entry;

import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.merkle.Rfc6962;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The stable byte encoding of an entry that its Merkle leaf hash covers; specified for auditors in
 * {@code docs/LEAF-ENCODING.md}. Any change to a version's bytes breaks every existing proof.
 *
 * <p>Why two layers: the personal fields (names, e-mail, IP, user agent, description, changes,
 * metadata) are not hashed directly but through a salted SHA-256 commitment. A GDPR erasure can then
 * drop them and keep only the commitment, and the leaf hash — and with it every proof and checkpoint —
 * stays the same. The per-entry random salt stops anyone from confirming a guessed name or e-mail
 * against the commitment once the fields are gone.
 *
 * <p>Why two versions: version 1 hashed the target's URL and the idempotency key directly, so an e-mail address
 * a client put there ({@code /users/ada@example.com}) could never be erased. Version 2 moves both into the
 * personal fields. An entry keeps the version it was appended with ({@link Entry#leafVersion}, written into the
 * leaf data as {@code "v"}, so it cannot be changed unseen); new entries get {@link #VERSION}.
 */
public final class LeafEncoding {
    /** The version new entries are encoded with, the {@code "v"} member of their leaf data. */
    public static final int VERSION = 2;
    /** The version that hashed the target's URL and the idempotency key directly, of entries appended before 2. */
    public static final int VERSION_1 = 1;
    /** Length of the per-entry salt in bytes. */
    public static final int SALT_BYTES = 16;

    private LeafEncoding() {
    }

    /** Refuses a version this build cannot encode. */
    public static void checkVersion(int version) {
        if (version != VERSION_1 && version != VERSION) {
            throw new IllegalArgumentException("leaf encoding version " + version + " is not one this build knows (1 or 2)");
        }
    }

    /** Whether {@code version} counts the target's URL and the idempotency key among the personal fields. */
    public static boolean urlAndKeyArePersonal(int version) {
        return version >= 2;
    }

    /** JCS bytes of the entry's personal fields in the given encoding version: the part an erasure removes. */
    public static byte[] personalJson(Event e, int version) {
        boolean urlAndKey = urlAndKeyArePersonal(version);
        CanonicalJson.Writer w = new CanonicalJson.Writer().beginObject();
        Actor actor = e.actor();
        if (actor != null) w.stringIfPresent("actor_email", actor.email()).stringIfPresent("actor_name", actor.name());
        w.valueIfPresent("changes", e.changes());
        if (e.concerns().stream().anyMatch(c -> c.name() != null)) {
            w.name("concern_names").beginArray();
            for (Concern c : e.concerns()) w.string(c.name());
            w.endArray();
        }
        w.stringIfPresent("description", e.description());
        if (urlAndKey) w.stringIfPresent("idempotency_key", e.idempotencyKey());
        w.stringIfPresent("ip", e.ip()).valueIfPresent("metadata", e.metadata());
        if (e.target() != null) {
            w.stringIfPresent("target_name", e.target().name());
            if (urlAndKey) w.stringIfPresent("target_url", e.target().url());
        }
        return w.stringIfPresent("user_agent", e.userAgent()).endObject().toByteArray();
    }

    /** SHA-256(salt ‖ personalJson(e, version)). */
    public static byte[] personalCommitment(byte[] salt, Event e, int version) {
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("salt must be " + SALT_BYTES + " bytes");
        }
        MessageDigest sha = Rfc6962.sha256();
        sha.update(salt);
        return sha.digest(personalJson(e, version));
    }

    /** The commitment the leaf carries: the stored one once erased, else computed from salt and event. */
    public static byte[] personalCommitment(Entry e) {
        return e.erased() ? e.personalCommitment() : personalCommitment(e.salt(), e.event(), e.leafVersion());
    }

    /** JCS bytes of the entry's non-personal fields plus the hex commitment to the personal ones. */
    public static byte[] leafData(Entry entry) {
        return leafData(entry, personalCommitment(entry));
    }

    /** Writes the three members that depend on an entry's place in its log. */
    interface Place {
        void id(CanonicalJson.Writer w);

        void recordedAt(CanonicalJson.Writer w);

        void seq(CanonicalJson.Writer w);
    }

    /**
     * Writes the leaf data of {@code e}, members in JCS order (the writer refuses any other), with {@code place}
     * writing the place-dependent ones: the values of an entry, or the gaps of a {@link LeafTemplate}.
     */
    static void writeLeaf(CanonicalJson.Writer w, Event e, byte[] commitment, int version, Place place) {
        boolean urlAndKey = urlAndKeyArePersonal(version);
        w.beginObject().name("action").string(e.action());
        Actor actor = e.actor();
        if (actor != null) {
            w.name("actor").beginObject().stringIfPresent("id", actor.id()).stringIfPresent("type", actor.type()).endObject();
        }
        w.name("channel").string(e.channel());
        if (!e.concerns().isEmpty()) {
            w.name("concerns").beginArray();
            for (Concern c : e.concerns()) w.beginObject().stringIfPresent("id", c.id()).stringIfPresent("type", c.type()).endObject();
            w.endArray();
        }
        w.name("event").string(e.event().wire());
        w.name("id");
        place.id(w);
        if (!urlAndKey) w.stringIfPresent("idempotency_key", e.idempotencyKey());
        if (e.occurredAt() != null) w.name("occurred_at").string(Times.format(e.occurredAt()));
        w.name("personal").string(HexFormat.of().formatHex(commitment));
        w.name("recorded_at");
        place.recordedAt(w);
        w.name("seq");
        place.seq(w);
        w.name("status").string(e.status());
        Target target = e.target();
        if (target != null) {
            w.name("target").beginObject().stringIfPresent("id", target.id()).stringIfPresent("type", target.type())
                    .stringIfPresent("url", urlAndKey ? null : target.url()).endObject();
        }
        w.name("v").number(version).endObject();
    }

    private static byte[] leafData(Entry entry, byte[] commitment) {
        CanonicalJson.Writer w = new CanonicalJson.Writer();
        writeLeaf(w, entry.event(), commitment, entry.leafVersion(), new Place() {
            @Override
            public void id(CanonicalJson.Writer w) {
                w.string(entry.id());
            }

            @Override
            public void recordedAt(CanonicalJson.Writer w) {
                w.string(Times.format(entry.recordedAt()));
            }

            @Override
            public void seq(CanonicalJson.Writer w) {
                w.number(entry.seq());
            }
        });
        return w.toByteArray();
    }

    /** The RFC 6962 leaf hash: SHA-256(0x00 ‖ leafData(entry)). */
    public static byte[] leafHash(Entry entry) {
        return leafHash(entry, personalCommitment(entry));
    }

    /** The leaf hash with the personal commitment already computed (a store computes it on the caller's thread). */
    public static byte[] leafHash(Entry entry, byte[] commitment) {
        return Rfc6962.leafHash(leafData(entry, commitment));
    }
}
