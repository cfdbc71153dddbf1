package dev.auditlog.server.internal.web;

/** Counts in words for the pages: "1 second", "8 seconds". One place, so no page says "1 seconds". */
final class Plural {
    private Plural() {
    }

    /** {@code n} and the unit, the unit with an "s" unless n is 1 (units with a regular plural only). */
    static String of(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
