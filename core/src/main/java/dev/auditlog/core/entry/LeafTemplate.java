package dev.auditlog.core.entry;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Times;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * The leaf data of an event with its three place-dependent members — {@code id}, {@code recorded_at} and
 * {@code seq} — left open, so that the leaf hash can be finished with a few byte copies and one SHA-256.
 *
 * <p>Why: a log's single writer must hash every entry after giving it its place, and the canonical
 * encoding of the rest (sorting members, escaping strings, hashing the personal fields) costs several
 * microseconds. Callers build the template on their own threads; the writer only fills in the gaps.
 *
 * <p>How: {@link LeafEncoding#leafData(Entry, byte[])} is run once with unique marker strings in the
 * three places; the canonical bytes are split at the markers. The gaps are filled with exactly what the
 * canonical encoder would write there (a UUID and an RFC 3339 time need no escaping; seq is a plain
 * integer below 2^53, where JCS prints integers exactly), so {@link #leafHash} equals {@link LeafEncoding#leafHash(Entry)} byte for byte — a test
 * checks it on random events.
 */
public final class LeafTemplate {
    private static final String ID_MARK = "\u0001id\u0001";
    private static final String TIME_MARK = "\u0001recorded_at\u0001";
    private static final String SEQ_MARK = "\u0001seq\u0001";

    private final byte[][] parts; // literal bytes between the gaps, in encoded order
    private final int[] gapOrder;  // which value fills each gap: 0 = id, 1 = recorded_at, 2 = seq

    private LeafTemplate(byte[][] parts, int[] gapOrder) {
        this.parts = parts;
        this.gapOrder = gapOrder;
    }

    /** The template of an event whose personal commitment is already known. */
    public static LeafTemplate of(Event event, byte[] commitment) {
        Entry marked = new Entry(null, ID_MARK, 0, Instant.EPOCH, event, null, null, null);
        byte[] data = LeafEncoding.leafData(marked, commitment, TIME_MARK, SEQ_MARK);
        byte[][] markers = {quoted(ID_MARK), quoted(TIME_MARK), quoted(SEQ_MARK)};
        int[] order = new int[3];
        byte[][] parts = new byte[4][];
        int from = 0;
        for (int gap = 0; gap < 3; gap++) {
            int best = -1;
            int at = Integer.MAX_VALUE;
            for (int m = 0; m < 3; m++) {
                int i = indexOf(data, markers[m], from);
                if (i >= 0 && i < at) {
                    at = i;
                    best = m;
                }
            }
            if (best < 0) throw new IllegalStateException("leaf template marker missing");
            parts[gap] = Arrays.copyOfRange(data, from, at);
            order[gap] = best;
            from = at + markers[best].length;
        }
        parts[3] = Arrays.copyOfRange(data, from, data.length);
        return new LeafTemplate(parts, order);
    }

    /** The RFC 6962 leaf hash of the entry this event becomes at the given place. */
    public byte[] leafHash(String id, long seq, Instant recordedAt) {
        byte[][] values = {quoted(id), quoted(Times.format(recordedAt)),
                Long.toString(seq).getBytes(StandardCharsets.US_ASCII)};
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        for (int gap = 0; gap < 3; gap++) {
            sha.update(parts[gap]);
            sha.update(values[gapOrder[gap]]);
        }
        return sha.digest(parts[3]);
    }

    private static byte[] quoted(String s) {
        return ("\"" + s.replace("\u0001", "\\u0001") + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (data[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
