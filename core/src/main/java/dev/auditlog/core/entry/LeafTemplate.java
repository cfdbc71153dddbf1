package dev.auditlog.core.entry;

import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The leaf data of an event with its three place-dependent members — {@code id}, {@code recorded_at} and
 * {@code seq} — left open, so that the leaf hash can be finished with a few byte copies and one SHA-256.
 *
 * <p>Why: a log's single writer must hash every entry after giving it its place, and the canonical
 * encoding of the rest (sorting members, escaping strings, hashing the personal fields) costs several
 * microseconds. Callers build the template on their own threads; the writer only fills in the gaps.
 *
 * <p>How: {@link LeafEncoding#writeLeaf} writes the leaf with a {@link LeafEncoding.Place} that, instead
 * of writing the three values, leaves gaps there in the canonical bytes. The gaps are filled with exactly what the
 * canonical encoder would write (a UUID and an RFC 3339 time need no escaping; seq is a plain integer below
 * 2^53, where JCS prints integers exactly), so {@link #leafHash} equals {@link LeafEncoding#leafHash(Entry)}
 * byte for byte — a test checks it on random events.
 */
public final class LeafTemplate {
    private static final int ID = 0;
    private static final int RECORDED_AT = 1;
    private static final int SEQ = 2;

    private final byte[][] parts; // literal bytes between the gaps, in encoded order
    private final int[] gapOrder;  // which value fills each gap: ID, RECORDED_AT or SEQ

    private LeafTemplate(byte[][] parts, int[] gapOrder) {
        this.parts = parts;
        this.gapOrder = gapOrder;
    }

    /** The template of a new event with its salt, encoded in {@link LeafEncoding#VERSION} (hashes its personal fields). */
    public static LeafTemplate of(Event event, byte[] salt) {
        byte[] commitment = LeafEncoding.personalCommitment(salt, event, LeafEncoding.VERSION);
        CanonicalJson.Writer w = new CanonicalJson.Writer();
        byte[][] parts = new byte[4][];
        int[] order = new int[3];
        LeafEncoding.writeLeaf(w, event, commitment, LeafEncoding.VERSION, new LeafEncoding.Place() {
            private int gaps;

            private void gap(int which) {
                parts[gaps] = w.gap();
                order[gaps++] = which;
            }

            @Override
            public void id(CanonicalJson.Writer w) {
                gap(ID);
            }

            @Override
            public void recordedAt(CanonicalJson.Writer w) {
                gap(RECORDED_AT);
            }

            @Override
            public void seq(CanonicalJson.Writer w) {
                gap(SEQ);
            }
        });
        parts[3] = w.sinceLastGap();
        return new LeafTemplate(parts, order);
    }

    /** The RFC 6962 leaf hash of the entry this event becomes at the given place. */
    public byte[] leafHash(String id, long seq, Instant recordedAt) {
        byte[][] values = {quoted(id), quoted(Times.format(recordedAt)),
                Long.toString(seq).getBytes(StandardCharsets.US_ASCII)};
        return Rfc6962.leafHashOfParts(parts[0], values[gapOrder[0]], parts[1], values[gapOrder[1]],
                parts[2], values[gapOrder[2]], parts[3]);
    }

    private static byte[] quoted(String s) {
        return ("\"" + s + "\"").getBytes(StandardCharsets.US_ASCII);
    }
}
