package dev.auditlog.core.export;

import java.util.Arrays;

/**
 * Copies a JSON value from an export to its JCS form ({@link dev.auditlog.core.canonical.CanonicalJson}) when
 * that needs no more than dropping nothing and sorting object members: member names of printable ASCII,
 * strings already canonical ({@link JsonText#plainStringEnd}), integers of at most 15 digits (exact as doubles,
 * printed as written) other than {@code -0}, literals, and no whitespace. Anything else — escapes, fractions,
 * exponents, duplicate names, deep nesting — is declined, for the general encoder to handle.
 */
final class CanonicalCopy {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_DIGITS = 15;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private CanonicalCopy() {
    }

    /** Copies the value at {@code in[from]} to {@code out}; returns the index after it, or -1 to decline. */
    static int copy(byte[] in, int from, int limit, ByteSink out) {
        return value(in, from, limit, out, 0);
    }

    private static int value(byte[] in, int i, int limit, ByteSink out, int depth) {
        if (i >= limit || depth > MAX_DEPTH) return -1;
        return switch (in[i]) {
            case '{' -> object(in, i + 1, limit, out, depth + 1);
            case '[' -> array(in, i + 1, limit, out, depth + 1);
            case '"' -> string(in, i, limit, out);
            case 't' -> literal(TRUE, in, i, limit, out);
            case 'f' -> literal(FALSE, in, i, limit, out);
            case 'n' -> literal(NULL, in, i, limit, out);
            default -> integer(in, i, limit, out);
        };
    }

    private static int string(byte[] in, int quote, int limit, ByteSink out) {
        int close = JsonText.plainStringEnd(in, quote + 1, limit);
        if (close < 0) return -1;
        out.write(in, quote, close + 1);
        return close + 1;
    }

    private static int literal(byte[] word, byte[] in, int i, int limit, ByteSink out) {
        int end = i + word.length;
        if (end > limit || !Arrays.equals(in, i, end, word, 0, word.length)) return -1;
        out.write(word);
        return end;
    }

    private static int integer(byte[] in, int i, int limit, ByteSink out) {
        int start = i;
        if (in[i] == '-') i++;
        int digits = i;
        while (i < limit && in[i] >= '0' && in[i] <= '9') i++;
        int n = i - digits;
        if (n == 0 || n > MAX_DIGITS || (in[digits] == '0' && (n > 1 || digits > start))) return -1; // none, too long, 01, -0
        if (i < limit && (in[i] == '.' || in[i] == 'e' || in[i] == 'E')) return -1;
        out.write(in, start, i);
        return i;
    }

    private static int array(byte[] in, int i, int limit, ByteSink out, int depth) {
        out.write('[');
        if (i < limit && in[i] == ']') {
            out.write(']');
            return i + 1;
        }
        while (true) {
            i = value(in, i, limit, out, depth);
            if (i < 0 || i >= limit) return -1;
            byte b = in[i++];
            if (b == ']') break;
            if (b != ',') return -1;
            out.write(',');
        }
        out.write(']');
        return i;
    }

    /**
     * Copies the members in document order, remembering where each landed in {@code out}; if their names are
     * out of order, rewrites that stretch of {@code out} sorted. Printable-ASCII names sort by their bytes
     * exactly as JCS sorts by UTF-16 code units.
     */
    private static int object(byte[] in, int i, int limit, ByteSink out, int depth) {
        out.write('{');
        if (i < limit && in[i] == '}') {
            out.write('}');
            return i + 1;
        }
        Members members = new Members();
        while (true) {
            if (i >= limit || in[i] != '"') return -1;
            int nameEnd = asciiNameEnd(in, i + 1, limit);
            if (nameEnd < 0 || nameEnd + 1 >= limit || in[nameEnd + 1] != ':') return -1;
            int nameAt = out.size();
            out.write(in, i, nameEnd + 2);
            int nameEndAt = nameAt + nameEnd - i;
            i = value(in, nameEnd + 2, limit, out, depth);
            if (i < 0 || i >= limit) return -1;
            members.add(nameAt, nameEndAt, out.size());
            byte b = in[i++];
            if (b == '}') break;
            if (b != ',') return -1;
            out.write(',');
        }
        if (!members.sort(out)) return -1;
        out.write('}');
        return i;
    }

    /** The index of the quote closing a member name of printable ASCII other than {@code "} and {@code \}, or -1. */
    private static int asciiNameEnd(byte[] in, int from, int limit) {
        for (int i = from; i < limit; i++) {
            byte b = in[i];
            if (b == '"') return i;
            if (b < 0x20 || b == '\\' || b == 0x7f) return -1;
        }
        return -1;
    }

    /** Where each member of one object went in the output: the opening quote of its name, the closing one, the end. */
    private static final class Members {
        /** Events' changes and metadata objects hold a few members; a crafted export could hold millions. */
        private static final int MOST_MEMBERS_SORTED = 256;
        private int[] spans = new int[12];
        private int count;

        void add(int nameStart, int nameEnd, int end) {
            if (3 * count + 3 > spans.length) spans = Arrays.copyOf(spans, spans.length * 2);
            spans[3 * count] = nameStart;
            spans[3 * count + 1] = nameEnd;
            spans[3 * count + 2] = end;
            count++;
        }

        /**
         * Puts the members' output in name order; false if a name repeats (a JSON reader would keep only one). An
         * insertion sort of their indexes: objects here have a few members, often already in order, and a
         * comparator over boxed indexes through {@code Arrays.sort} cost an allocation per object and a third of
         * this class's C2 compilation on a first run. Its cost grows with the square of the members, so an object
         * of more than {@link #MOST_MEMBERS_SORTED} is declined (false) and left to the general encoder.
         */
        boolean sort(ByteSink out) {
            if (count > MOST_MEMBERS_SORTED) return false;
            byte[] buf = out.array();
            int[] order = new int[count];
            boolean inOrder = true;
            for (int m = 0; m < count; m++) {
                int k = m;
                while (k > 0) {
                    int c = compareNames(buf, order[k - 1], m);
                    if (c == 0) return false;
                    if (c < 0) break;
                    order[k] = order[k - 1];
                    k--;
                }
                order[k] = m;
                inOrder &= k == m;
            }
            if (inOrder) return true;
            int start = spans[0];
            byte[] copy = Arrays.copyOfRange(buf, start, out.size());
            out.truncate(start);
            for (int k = 0; k < count; k++) {
                if (k > 0) out.write(',');
                int m = order[k];
                out.write(copy, spans[3 * m] - start, spans[3 * m + 2] - start);
            }
            return true;
        }

        private int compareNames(byte[] buf, int a, int b) {
            return Arrays.compare(buf, spans[3 * a] + 1, spans[3 * a + 1], buf, spans[3 * b] + 1, spans[3 * b + 1]);
        }
    }
}
