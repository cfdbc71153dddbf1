package dev.auditlog.core.event;

/** Character-level checks shared by every string field of an event, and by the names of tenants and keys. */
public final class Text {
    private Text() {
    }

    /**
     * Why the string is unacceptable, or null when it is fine: it must be well-formed UTF-16 (no lone
     * surrogates, which could not be hashed as UTF-8) and free of control characters — except tab, line
     * feed and carriage return when {@code freeText} (descriptions, changes, metadata).
     */
    public static String problem(String s, boolean freeText) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate at position " + i;
            } else if ((c < 0x20 || c == 0x7f) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return String.format("must not contain control characters (found U+%04X at position %d)", (int) c, i);
            }
        }
        return null;
    }

    /**
     * The value of a number a client wrote: 1 to 18 ASCII digits, else -1. Java's own parsers also take a sign and
     * the digits of every script ("+5", "５", "٥"), which no client means and no error message should let pass.
     */
    public static long asciiNumber(String s) {
        if (s.isEmpty() || s.length() > 18) return -1;
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Length in Unicode code points, which is what the limits count. */
    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
