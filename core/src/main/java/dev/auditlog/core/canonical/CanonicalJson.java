package dev.auditlog.core.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.JsonTrees;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence a JSON value hashes as.
 *
 * <p>Why hand-written: the output is hashed into every leaf, so it must not drift with a library's
 * serialisation settings. The rules are few — members sorted by the UTF-16 code units of their names
 * ({@link String#compareTo} is exactly that order), no whitespace, minimal string escapes, numbers as
 * ECMAScript's {@code Number.prototype.toString} prints the IEEE 754 double — and one recursive pass
 * writes straight into a growing byte array. Numbers reuse the JDK's shortest round-trip digits
 * ({@link Double#toString}, exact since JDK 19) and only re-lay them out in the ECMAScript shape (taking care where the JDK prints
 * two digits and ECMAScript one).
 *
 * <p>{@link Writer} writes a document member by member, for the hot path where building a tree first would
 * cost more than the encoding itself (the leaf of every appended entry). It refuses members out of order, so
 * its output is canonical or an exception, never a silently different byte sequence.
 */
public final class CanonicalJson {
    /** The largest magnitude up to which every integer is a double: JCS prints integers exactly up to it. */
    public static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private CanonicalJson() {
    }

    /**
     * The canonical UTF-8 bytes of {@code node}.
     *
     * @throws IllegalArgumentException for values JCS cannot represent: non-finite numbers, strings
     *                                  with unpaired surrogates, binary or POJO nodes
     */
    public static byte[] encode(JsonNode node) {
        Out out = new Out();
        write(node, out);
        return out.toByteArray();
    }

    /** A number as ECMAScript prints it (RFC 8785 §3.2.2.3); exposed for tests and tools. */
    public static String number(double d) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
        if (d == 0) return "0";
        String s = Double.toString(Math.abs(d));
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        int dot = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(mantissa.length()).append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
        // value = 0.digits × 10^n
        int n = dot + (e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10));
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') lead++;
        digits.delete(0, lead);
        n -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') end--;
        digits.setLength(end);
        if (digits.length() == 2) {
            // Double.toString never prints fewer than two digits and then takes the closest two-digit
            // decimal; ECMAScript wants the shortest, so look for a one-digit one (e.g. 5e-324, not 4.9e-324).
            BigDecimal single = closestSingleDigit(Math.abs(d));
            if (single != null) {
                digits.setLength(0);
                digits.append(single.unscaledValue());
                n = single.precision() - single.scale();
            }
        }
        int k = digits.length();

        StringBuilder r = new StringBuilder(32);
        if (d < 0) r.append('-');
        if (k <= n && n <= 21) {
            r.append(digits).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            r.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            r.append("0.").repeat('0', -n).append(digits);
        } else {
            r.append(digits.charAt(0));
            if (k > 1) r.append('.').append(digits, 1, k);
            r.append('e').append(n - 1 < 0 ? '-' : '+').append(Math.abs(n - 1));
        }
        return r.toString();
    }

    /** The one-significant-digit decimal nearest to {@code x} that still reads back as {@code x}, if any. */
    private static BigDecimal closestSingleDigit(double x) {
        BigDecimal exact = new BigDecimal(x);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = exact.round(new MathContext(1, mode));
            if (Double.parseDouble(candidate.toString()) == x && (best == null
                    || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Writes one JSON document straight to canonical bytes. Members of each object must come in JCS order
     * (ascending {@link String#compareTo} of their names); the writer checks it. Not thread-safe.
     */
    public static final class Writer {
        private final Out out = new Out();
        private final String[] lastName = new String[16]; // per open object: the member written last
        private final boolean[] first = new boolean[16];   // per open container: nothing written in it yet
        private int depth;
        private int cut;

        /** Opens an object (as a value, after {@link #name} or inside an array, or as the document). */
        public Writer beginObject() {
            separate();
            out.write('{');
            open();
            return this;
        }

        public Writer endObject() {
            out.write('}');
            depth--;
            return this;
        }

        public Writer beginArray() {
            separate();
            out.write('[');
            open();
            return this;
        }

        public Writer endArray() {
            out.write(']');
            depth--;
            return this;
        }

        /** Starts the next member of the current object; its value follows. */
        public Writer name(String name) {
            String last = lastName[depth];
            if (last != null && last.compareTo(name) >= 0) {
                throw new IllegalStateException("member \"" + name + "\" written after \"" + last + "\": not in JCS order");
            }
            lastName[depth] = name;
            separate();
            out.write(Names.written(name));
            first[depth] = true; // the value that follows needs no comma
            return this;
        }

        /** A string value, or {@code null}. */
        public Writer string(String value) {
            separate();
            if (value == null) out.writeAscii("null"); else writeString(value, out);
            return this;
        }

        /** An integer value, exact within ±2^53. */
        public Writer number(long value) {
            if (value < -MAX_EXACT_INTEGER || value > MAX_EXACT_INTEGER) throw new IllegalArgumentException("not exact in JSON: " + value);
            separate();
            out.writeAscii(Long.toString(value));
            return this;
        }

        /** Any JSON value, canonicalised. */
        public Writer value(JsonNode node) {
            separate();
            write(node, out);
            return this;
        }

        /** The member {@code name: value} when {@code value} is not null; nothing otherwise. */
        public Writer stringIfPresent(String name, String value) {
            return value == null ? this : name(name).string(value);
        }

        /** The member {@code name: node} when {@code node} is neither absent nor JSON null; nothing otherwise. */
        public Writer valueIfPresent(String name, JsonNode node) {
            return node == null || node.isNull() ? this : name(name).value(node);
        }

        /**
         * Leaves a gap where a value goes, for the caller to fill in later with that value's canonical bytes, and
         * returns the bytes written since the previous gap (or the start).
         */
        public byte[] gap() {
            separate();
            return sinceLastGap();
        }

        /** The bytes written since the last {@link #gap} (or the start). */
        public byte[] sinceLastGap() {
            byte[] part = Arrays.copyOfRange(out.buf, cut, out.size);
            cut = out.size;
            return part;
        }

        /** Everything written. */
        public byte[] toByteArray() {
            return out.toByteArray();
        }

        private void open() {
            depth++;
            lastName[depth] = null;
            first[depth] = true;
        }

        private void separate() {
            if (depth == 0) return;
            if (!first[depth]) out.write(',');
            first[depth] = false;
        }
    }

    private static void write(JsonNode node, Out out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.write('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.write(',');
                    write(node.get(i), out);
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.writeAscii(node.booleanValue() ? "true" : "false");
            case NULL -> out.writeAscii("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, Out out) {
        String[] names = JsonTrees.names(node);
        Arrays.sort(names);
        out.write('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) out.write(',');
            writeString(names[i], out);
            out.write(':');
            write(node.get(names[i]), out);
        }
        out.write('}');
    }

    /**
     * True for an integer node within ±{@link #MAX_EXACT_INTEGER}. Beyond, JCS prints the double the integer
     * rounds to, so its canonical bytes stand for several integers.
     */
    public static boolean isExactInteger(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong()
                && node.longValue() >= -MAX_EXACT_INTEGER && node.longValue() <= MAX_EXACT_INTEGER;
    }

    private static void writeNumber(JsonNode node, Out out) {
        if (isExactInteger(node)) {
            out.writeAscii(Long.toString(node.longValue()));
            return;
        }
        // Outside ±2^53 an integer is not exactly a double; JCS says: print the double it rounds to.
        out.writeAscii(number(node.doubleValue()));
    }

    private static void writeString(String s, Out out) {
        out.write('"');
        int n = s.length();
        int i = out.writePlainAscii(s); // most strings are plain ASCII: copied in one pass
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> out.write('\\', '"');
                    case '\\' -> out.write('\\', '\\');
                    case '\b' -> out.write('\\', 'b');
                    case '\f' -> out.write('\\', 'f');
                    case '\n' -> out.write('\\', 'n');
                    case '\r' -> out.write('\\', 'r');
                    case '\t' -> out.write('\\', 't');
                    default -> {
                        if (c < 0x20) {
                            out.writeAscii("\\u00");
                            out.write(HEX[c >> 4], HEX[c & 0xf]);
                        } else {
                            out.write(c);
                        }
                    }
                }
            } else if (c < 0x800) {
                out.write(0xc0 | c >> 6, 0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xf0 | cp >> 18, 0x80 | cp >> 12 & 0x3f);
                out.write(0x80 | cp >> 6 & 0x3f, 0x80 | cp & 0x3f);
            } else {
                out.write(0xe0 | c >> 12, 0x80 | c >> 6 & 0x3f);
                out.write(0x80 | c & 0x3f);
            }
        }
        out.write('"');
    }

    /**
     * Member names as written, {@code "name":}, kept for the names writers use: an event's leaf data and personal
     * fields have about 25 members, all named by constants, and encoding each name anew was about a fifth of the
     * CPU of sealing an event. Bounded, since {@link Writer#name} takes any name.
     */
    private static final class Names {
        private static final int MAX_KEPT = 256;
        private static final ConcurrentHashMap<String, byte[]> WRITTEN = new ConcurrentHashMap<>();

        static byte[] written(String name) {
            byte[] bytes = WRITTEN.get(name);
            if (bytes == null) {
                Out out = new Out();
                writeString(name, out);
                out.write(':');
                bytes = out.toByteArray();
                if (WRITTEN.size() < MAX_KEPT) WRITTEN.putIfAbsent(name, bytes);
            }
            return bytes;
        }
    }

    /** An unsynchronised growable byte buffer. */
    private static final class Out {
        /** Sized for a whole event's leaf data or personal fields (about 300 to 900 bytes), so it rarely grows. */
        private byte[] buf = new byte[1024];
        private int size;

        void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void write(int b1, int b2) {
            ensure(2);
            buf[size++] = (byte) b1;
            buf[size++] = (byte) b2;
        }

        /**
         * Copies the leading characters of {@code s} that need no escaping and no UTF-8 encoding (ASCII other than
         * control characters, {@code "} and {@code \\}); returns how many it copied. An all-ASCII string, the
         * common case, is taken in bulk: the JDK's own encoder copies it, and only its bytes are checked. (A loop
         * of {@code charAt} was a fifth of the appending callers' CPU.) Anything else is left to the caller's
         * character loop, which also refuses unpaired surrogates (each of which the encoder turns into one {@code ?}).
         */
        int writePlainAscii(String s) {
            int n = s.length();
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length != n) return 0; // not all ASCII
            ensure(n);
            int plain = 0;
            // The encoder writes '?' for an unpaired surrogate: such a '?' is left to the character loop.
            while (plain < n && needsNoEscape(utf8[plain]) && (utf8[plain] != '?' || s.charAt(plain) == '?')) plain++;
            System.arraycopy(utf8, 0, buf, size, plain);
            size += plain;
            return plain;
        }

        private static boolean needsNoEscape(byte b) {
            return b >= 0x20 && b != '"' && b != '\\';
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        void writeAscii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) buf[size++] = (byte) s.charAt(i);
        }

        /** Makes room for {@code n} more bytes, at least doubling the buffer when it grows. */
        private void ensure(int n) {
            if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(size * 2, size + n));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
