package dev.auditlog.core.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The member names an object of an export may have, matched where a name's content starts: each name with its
 * closing quote and the colon, compared eight bytes at a time (byte by byte, this took 6% of the verifier's CPU).
 * A name's content cannot hold a quote, so the first of the names that the input starts with is the name there.
 */
final class MemberNames {
    private final byte[][] names;
    /** Each name's bytes as little-endian words, the last one padded with zeros, and which of their bytes count. */
    private final long[][] words;
    private final long[][] masks;

    MemberNames(String... names) {
        int count = names.length;
        this.names = new byte[count][];
        this.words = new long[count][];
        this.masks = new long[count][];
        for (int n = 0; n < count; n++) {
            byte[] name = (names[n] + "\":").getBytes(StandardCharsets.US_ASCII);
            int wordCount = (name.length + 7) / 8;
            byte[] padded = Arrays.copyOf(name, 8 * wordCount);
            this.names[n] = name;
            words[n] = new long[wordCount];
            masks[n] = new long[wordCount];
            for (int w = 0; w < wordCount; w++) {
                words[n][w] = JsonText.word(padded, 8 * w);
                int bytes = Math.min(8, name.length - 8 * w);
                masks[n][w] = bytes == 8 ? -1L : (1L << 8 * bytes) - 1;
            }
        }
    }

    int size() {
        return names.length;
    }

    /** The length of name {@code n} with its quote and colon. */
    int length(int n) {
        return names[n].length;
    }

    /** The index of the name that {@code in[pos, limit)} starts with, trying {@code guess} first; -1 if none. */
    int match(byte[] in, int pos, int limit, int guess) {
        for (int k = 0; k < names.length; k++) {
            int n = guess + k < names.length ? guess + k : guess + k - names.length;
            if (startsAt(n, in, pos, limit)) return n;
        }
        return -1;
    }

    private boolean startsAt(int n, byte[] in, int pos, int limit) {
        byte[] name = names[n];
        if (name.length > limit - pos) return false;
        long[] w = words[n];
        if (pos + 8 * w.length > in.length) { // too near the end of the buffer to read whole words
            return Arrays.equals(in, pos, pos + name.length, name, 0, name.length);
        }
        long[] m = masks[n];
        for (int i = 0; i < w.length; i++) {
            if ((JsonText.word(in, pos + 8 * i) & m[i]) != w[i]) return false;
        }
        return true;
    }
}
