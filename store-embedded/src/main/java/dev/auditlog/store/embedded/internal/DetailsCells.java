package dev.auditlog.store.embedded.internal;

/**
 * Finds, in the UTF-8 bytes of a row's {@code details} JSON, the seven CSV cells that come from it, in place:
 * {@code actor_name}, {@code actor_email}, {@code target_name}, {@code occurred_ms}, and the compact JSON of
 * {@code concerns}, {@code changes} and {@code metadata} as spans of the stored text.
 *
 * <h2>Why the stored text can be copied</h2>
 * The generic export parses {@code details} with Jackson ({@link EntryRows}) and writes the JSON cells back with
 * Jackson. {@code details} was itself written by Jackson ({@link EntryRows#details}), so parse-then-write gives
 * the stored span back unchanged whenever the span is in the form Jackson writes: no whitespace, strings escaped
 * exactly as Jackson escapes them, integers without {@code -0}, and floating-point numbers as
 * {@link Double#toString} writes the double they read as ({@code BigDecimal} nodes handed in through the library
 * API are stored otherwise). {@link #read} checks that form while it walks the span, and answers
 * false for anything else (and for anything the generic reader would read differently or refuse), so that
 * the row takes the generic path and the export stays the same byte for byte.
 *
 * <p>Not checked: an object with the same member name twice, which Jackson reads as its last value. Jackson
 * never writes one from a tree, and the store refuses raw JSON values, the one way to hand one in.
 */
final class DetailsCells {
    /** Deeper JSON takes the generic path (Jackson's own limit is 1,000; events allow far less). */
    private static final int MAX_DEPTH = 64;
    /** Jackson refuses longer number tokens; so does the generic path. */
    private static final int MAX_NUMBER_LENGTH = 1_000;

    private byte[] in;
    private int at;
    private int end;

    final Text actorName = new Text();
    final Text actorEmail = new Text();
    final Text targetName = new Text();
    boolean hasOccurred;
    long occurredMs;
    final Span concerns = new Span();
    final Span changes = new Span();
    final Span metadata = new Span();

    /** A run of bytes; {@code length < 0} when the member is absent or JSON null. */
    static class Span {
        byte[] bytes;
        int offset;
        int length;

        void set(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
        }
    }

    /** A string member's value, unescaped: in place when it has no escapes, else decoded into its own buffer. */
    static final class Text extends Span {
        private byte[] decoded = new byte[64];
    }

    /**
     * Reads {@code details} from {@code bytes[offset, offset + length)}; false when some cell could differ from
     * what the generic path writes (then nothing read may be used).
     */
    boolean read(byte[] bytes, int offset, int length) {
        in = bytes;
        at = offset;
        end = offset + length;
        actorName.length = actorEmail.length = targetName.length = -1;
        concerns.length = changes.length = metadata.length = -1;
        hasOccurred = false;
        if (!take('{')) return false;
        if (peek() == '}') return ++at == end;
        while (true) {
            int keyStart = at;
            if (!plainString()) return false;
            int key = keyStart + 1;
            int keyLength = at - 1 - key;
            if (!take(':') || !member(key, keyLength)) return false;
            if (take(',')) continue;
            return take('}') && at == end;
        }
    }

    /** The value of the member named {@code in[key, key + length)}. */
    private boolean member(int key, int length) {
        if (is(key, length, "actor_name")) return text(actorName);
        if (is(key, length, "actor_email")) return text(actorEmail);
        if (is(key, length, "target_name")) return text(targetName);
        if (is(key, length, "occurred_ms")) return occurred();
        if (is(key, length, "concerns")) return concerns();
        if (is(key, length, "changes")) return document(changes);
        if (is(key, length, "metadata")) return document(metadata);
        if (is(key, length, "salt") || is(key, length, "personal_commitment")) return hex();
        // target_url, user_agent and anything newer: not in the CSV, but must still be valid JSON
        return value(0) >= 0;
    }

    private boolean text(Text t) {
        if (literal("null")) {
            t.length = -1;
            return true;
        }
        return peek() == '"' && string(t);
    }

    /** A whole number the generic reader takes as a long. */
    private boolean occurred() {
        int start = at;
        if (number() != NUMBER_INT) return false;
        boolean negative = in[start] == '-';
        int digits = at - start - (negative ? 1 : 0);
        if (digits > 18) return false; // may not fit a long: the generic path decides
        long v = 0;
        for (int i = at - digits; i < at; i++) v = v * 10 + (in[i] - '0');
        occurredMs = negative ? -v : v;
        hasOccurred = true;
        return true;
    }

    /**
     * The concerns as the generic path rebuilds them: a non-empty array of objects whose members are among
     * {@code type}, {@code id}, {@code name}, in that order, each a string. Then the stored text is the cell.
     */
    private boolean concerns() {
        int start = at;
        if (!take('[') || peek() == ']') return false;
        do {
            if (!take('{')) return false;
            int last = -1;
            if (peek() != '}') {
                do {
                    int keyStart = at;
                    if (!plainString()) return false;
                    int key = keyStart + 1;
                    int length = at - 1 - key;
                    int rank = is(key, length, "type") ? 0 : is(key, length, "id") ? 1 : is(key, length, "name") ? 2 : 3;
                    if (rank == 3 || rank <= last || !take(':') || peek() != '"' || !canonicalString()) return false;
                    last = rank;
                } while (take(','));
            }
            if (!take('}')) return false;
        } while (take(','));
        if (!take(']')) return false;
        concerns.set(in, start, at - start);
        return true;
    }

    /** {@code changes} or {@code metadata}: JSON null, or an object or array in the form Jackson writes. */
    private boolean document(Span span) {
        if (literal("null")) {
            span.length = -1;
            return true;
        }
        byte c = peek();
        int start = at;
        if ((c != '{' && c != '[') || value(0) != CANONICAL) return false;
        span.set(in, start, at - start);
        return true;
    }

    /** The salt or commitment, which the generic reader parses as hex. */
    private boolean hex() {
        if (!take('"')) return false;
        int start = at;
        while (at < end && Character.digit(in[at], 16) >= 0) at++;
        return (at - start) % 2 == 0 && take('"');
    }

    private static final int INVALID = -1;
    private static final int CANONICAL = 0;
    private static final int NUMBER_INT = 1;
    private static final int NUMBER_FLOAT = 2;

    /**
     * Walks one JSON value: {@link #CANONICAL} when writing what Jackson reads from it gives the same text,
     * {@link #INVALID} otherwise.
     */
    private int value(int depth) {
        if (depth > MAX_DEPTH || at >= end) return INVALID;
        switch (in[at]) {
            case '{' -> {
                at++;
                if (take('}')) return CANONICAL;
                do {
                    if (peek() != '"' || !canonicalString() || !take(':') || value(depth + 1) != CANONICAL) return INVALID;
                } while (take(','));
                return take('}') ? CANONICAL : INVALID;
            }
            case '[' -> {
                at++;
                if (take(']')) return CANONICAL;
                do {
                    if (value(depth + 1) != CANONICAL) return INVALID;
                } while (take(','));
                return take(']') ? CANONICAL : INVALID;
            }
            case '"' -> {
                return canonicalString() ? CANONICAL : INVALID;
            }
            case 't' -> {
                return literal("true") ? CANONICAL : INVALID;
            }
            case 'f' -> {
                return literal("false") ? CANONICAL : INVALID;
            }
            case 'n' -> {
                return literal("null") ? CANONICAL : INVALID;
            }
            default -> {
                int start = at;
                int kind = number();
                if (kind == NUMBER_INT) {
                    return at - start == 2 && in[start] == '-' && in[start + 1] == '0' ? INVALID : CANONICAL; // -0 reads as 0
                }
                if (kind == NUMBER_FLOAT) {
                    String token = new String(in, start, at - start, java.nio.charset.StandardCharsets.US_ASCII);
                    return Double.toString(Double.parseDouble(token)).equals(token) ? CANONICAL : INVALID;
                }
                return INVALID;
            }
        }
    }

    /** A JSON number token (RFC 8259 grammar): {@link #NUMBER_INT}, {@link #NUMBER_FLOAT} or {@link #INVALID}. */
    private int number() {
        int start = at;
        take('-');
        int integer = at;
        if (!digits() || (in[integer] == '0' && at - integer > 1)) return INVALID; // no leading zeros
        boolean fraction = false;
        if (take('.')) {
            if (!digits()) return INVALID;
            fraction = true;
        }
        if (at < end && (in[at] == 'e' || in[at] == 'E')) {
            at++;
            if (!take('+')) take('-');
            if (!digits()) return INVALID;
            fraction = true;
        }
        if (at - start > MAX_NUMBER_LENGTH) return INVALID;
        return fraction ? NUMBER_FLOAT : NUMBER_INT;
    }

    private boolean digits() {
        int start = at;
        while (at < end && in[at] >= '0' && in[at] <= '9') at++;
        return at > start;
    }

    /**
     * A string exactly as Jackson writes one: {@code "} and {@code \} escaped, the control characters below
     * U+0020 as {@code \b \t \n \f \r} or a backslash, {@code u00} and two upper-case hex digits, nothing else escaped.
     */
    private boolean canonicalString() {
        at++; // the opening quote
        while (at < end) {
            skipPlain();
            if (at >= end) return false;
            byte c = in[at++];
            if (c == '"') return true;
            if (c >= 0 && c < 0x20) return false;
            if (c == '\\') {
                if (at >= end) return false;
                byte e = in[at++];
                switch (e) {
                    case '"', '\\', 'b', 't', 'n', 'f', 'r' -> {
                    }
                    case 'u' -> {
                        if (at + 4 > end || in[at] != '0' || in[at + 1] != '0') return false;
                        int hi = upperHex(in[at + 2]);
                        int lo = upperHex(in[at + 3]);
                        if (hi < 0 || hi > 1 || lo < 0) return false;
                        int ch = hi << 4 | lo;
                        if (ch == '\b' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r') return false;
                        at += 4;
                    }
                    default -> {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /** A string with no escapes at all (a member name we match byte for byte). */
    private boolean plainString() {
        if (!take('"')) return false;
        while (at < end) {
            skipPlain();
            if (at >= end) return false;
            byte c = in[at++];
            if (c == '"') return true;
            if (c == '\\' || (c >= 0 && c < 0x20)) return false;
        }
        return false;
    }

    /**
     * A string value, its bytes unescaped into {@code t}: in place when it has no escape, else decoded as JSON
     * reads it. False for a lone surrogate or a raw control character (Jackson would not read them alike).
     */
    private boolean string(Text t) {
        int start = ++at;
        while (at < end) {
            skipPlain();
            if (at >= end) return false;
            byte c = in[at];
            if (c == '"') {
                t.set(in, start, at - start);
                at++;
                return true;
            }
            if (c >= 0 && c < 0x20) return false;
            if (c == '\\') return decode(t, start);
            at++;
        }
        return false;
    }

    private boolean decode(Text t, int start) {
        byte[] out = t.decoded;
        int n = at - start;
        if (out.length < end - start) out = t.decoded = new byte[Math.max(end - start, 2 * out.length)]; // unescaping only shortens
        System.arraycopy(in, start, out, 0, n);
        while (at < end) {
            byte c = in[at++];
            if (c == '"') {
                t.set(out, 0, n);
                return true;
            }
            if (c >= 0 && c < 0x20) return false;
            if (c != '\\') {
                out[n++] = c;
                continue;
            }
            if (at >= end) return false;
            byte e = in[at++];
            int ch;
            switch (e) {
                case '"', '\\', '/' -> ch = e;
                case 'b' -> ch = '\b';
                case 'f' -> ch = '\f';
                case 'n' -> ch = '\n';
                case 'r' -> ch = '\r';
                case 't' -> ch = '\t';
                case 'u' -> {
                    ch = unit();
                    if (ch < 0) return false;
                    if (Character.isHighSurrogate((char) ch)) {
                        if (!(at + 1 < end && in[at] == '\\' && in[at + 1] == 'u')) return false;
                        at += 2;
                        int low = unit();
                        if (low < 0 || !Character.isLowSurrogate((char) low)) return false;
                        ch = Character.toCodePoint((char) ch, (char) low);
                    } else if (Character.isLowSurrogate((char) ch)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
            n = utf8(out, n, ch);
        }
        return false;
    }

    /**
     * Moves past the bytes a string holds as they are (all but {@code "}, backslash and control characters),
     * eight at a time: most of {@code details} is such bytes.
     */
    private void skipPlain() {
        for (; at + Long.BYTES <= end; at += Long.BYTES) {
            long word = Words.at(in, at);
            long stop = Words.equal(word, '"') | Words.equal(word, '\\') | Words.control(word);
            if (stop != 0) {
                at += Words.first(stop);
                return;
            }
        }
        while (at < end && in[at] != '"' && in[at] != '\\' && (in[at] & 0xE0) != 0) at++;
    }

    /** The four hex digits of a unicode escape, either case; -1 when they are not. */
    private int unit() {
        if (at + 4 > end) return -1;
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[at + i], 16);
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        at += 4;
        return v;
    }

    private static int utf8(byte[] out, int n, int cp) {
        if (cp < 0x80) {
            out[n++] = (byte) cp;
        } else if (cp < 0x800) {
            out[n++] = (byte) (0xC0 | cp >> 6);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out[n++] = (byte) (0xE0 | cp >> 12);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        } else {
            out[n++] = (byte) (0xF0 | cp >> 18);
            out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | cp & 0x3F);
        }
        return n;
    }

    private static int upperHex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    private boolean literal(String word) {
        if (at + word.length() > end) return false;
        for (int i = 0; i < word.length(); i++) {
            if (in[at + i] != word.charAt(i)) return false;
        }
        at += word.length();
        return true;
    }

    private boolean is(int offset, int length, String name) {
        if (length != name.length()) return false;
        for (int i = 0; i < length; i++) {
            if (in[offset + i] != name.charAt(i)) return false;
        }
        return true;
    }

    private byte peek() {
        return at < end ? in[at] : 0;
    }

    private boolean take(char c) {
        if (at < end && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }
}
