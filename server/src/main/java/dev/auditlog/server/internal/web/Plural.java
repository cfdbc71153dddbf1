package dev.auditlog.server.internal.web;

import java.time.Duration;

/** Counts in words for the pages: "1 second", "8 seconds". One place, so no page says "1 seconds". */
final class Plural {
    private Plural() {
    }

    /** {@code n} and the unit, the unit with an "s" unless n is 1 (units with a regular plural only). */
    static String of(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A wait in whole seconds (minutes from two on), rounded up: a user who waits that long is let in. */
    static String ofWait(Duration wait) {
        long s = Math.max(1, (wait.toMillis() + 999) / 1000);
        return s >= 120 ? of((s + 59) / 60, "minute") : of(s, "second");
    }
}
