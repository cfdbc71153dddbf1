package dev.auditlog.core.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-level scans of UTF-8 JSON text, for reading an export without decoding it. */
final class JsonText {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long NEWLINES = '\n' * ONES;
    private JsonText() {
    }

    /**
     * The index just after the JSON value starting at {@code in[from]}, found by its brackets and strings alone
     * (the value is not otherwise checked), or -1 when it runs past {@code limit}. A scalar ends before the next
     * delimiter, so an empty one ends where it starts.
     */
    static int valueEnd(byte[] in, int from, int limit) {
        if (from >= limit) return -1;
        byte first = in[from];
        if (first == '"') {
            int close = stringEnd(in, from + 1, limit);
            return close < 0 ? -1 : close + 1;
        }
        if (first != '{' && first != '[') {
            for (int i = from; i < limit; i++) {
                byte b = in[i];
                if (b == ',' || b == ':' || b == '}' || b == ']' || isWhitespace(b)) return i;
            }
            return -1;
        }
        int depth = 0;
        for (int i = from; i < limit; i++) {
            byte b = in[i];
            if (b == '"') {
                i = stringEnd(in, i + 1, limit);
                if (i < 0) return -1;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The index of the quote closing the string whose content starts at {@code from}, or -1 past {@code limit}. */
    private static int stringEnd(byte[] in, int from, int limit) {
        int i = nextQuoteOrBackslash(in, from, limit);
        while (i < limit && in[i] == '\\') i = nextQuoteOrBackslash(in, i + 2, limit); // skip what it escapes
        return i < limit ? i : -1;
    }

    /**
     * The index of the next {@code "} or {@code \\} from {@code i} on, or {@code limit}: eight bytes at a time,
     * since most of an export is string content and this scan is all the reading thread does with it.
     */
    private static int nextQuoteOrBackslash(byte[] in, int i, int limit) {
        for (; i + 8 <= limit; i += 8) {
            long w = word(in, i);
            long found = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < limit; i++) {
            if (in[i] == '"' || in[i] == '\\') return i;
        }
        return limit;
    }

    /** The index of the first newline in {@code in[from, limit)}, eight bytes at a time; {@code limit} if none. */
    static int newline(byte[] in, int from, int limit) {
        int i = from;
        for (; i + 8 <= limit; i += 8) {
            long found = zeroBytes(word(in, i) ^ NEWLINES);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        while (i < limit && in[i] != '\n') i++;
        return i;
    }

    /** The eight bytes from {@code in[i]} on, as a little-endian long. */
    static long word(byte[] in, int i) {
        return (long) LONGS.get(in, i);
    }

    /**
     * The high bit of each zero byte of {@code w} set (and possibly of bytes after the first zero one, which is
     * why only the lowest set bit may be relied on).
     */
    private static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGH_BITS;
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /**
     * The index of the quote closing the string whose content starts at {@code from} when that content is
     * already in JCS form — no escape, no control character, well-formed UTF-8 — so that decoding it and
     * encoding it again would give the same bytes; -1 otherwise.
     */
    static int plainStringEnd(byte[] in, int from, int limit) {
        int i = from;
        while (i < limit) {
            i = skipPlainAscii(in, i, limit);
            if (i == limit) break;
            byte b = in[i];
            if (b == '"') return i;
            if (b >= 0x20 && b != '\\') {
                i++;
            } else if (b < 0) {
                int n = utf8Length(in, i, limit);
                if (n < 0) return -1;
                i += n;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte from {@code i} on that is not printable ASCII or is {@code "} or {@code \\},
     * eight bytes at a time; or, if there is none that far, where fewer than eight bytes are left before
     * {@code limit}. (Like {@link #zeroBytes}, the control-or-high test is exact for the lowest byte it flags.)
     */
    private static int skipPlainAscii(byte[] in, int i, int limit) {
        for (; i + 8 <= limit; i += 8) {
            long w = word(in, i);
            long controlOrHigh = ((w - 0x20 * ONES) & ~w | w) & HIGH_BITS;
            long found = controlOrHigh | zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        return i;
    }

    /**
     * The length of the well-formed UTF-8 sequence of a non-ASCII character at {@code in[i]} (Unicode Table
     * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
     */
    private static int utf8Length(byte[] in, int i, int limit) {
        int b0 = in[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf; // allowed range of the second byte
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            if (b0 == 0xe0) lo = 0xa0;
            if (b0 == 0xed) hi = 0x9f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            if (b0 == 0xf0) lo = 0x90;
            if (b0 == 0xf4) hi = 0x8f;
        } else {
            return -1;
        }
        if (i + n > limit) return -1;
        int b1 = in[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) return -1;
        for (int k = 2; k < n; k++) {
            if ((in[i + k] & 0xc0) != 0x80) return -1;
        }
        return n;
    }
}
