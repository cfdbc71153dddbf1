package dev.auditlog.core.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one wire form of a point in time: RFC 3339 in UTC with exactly three fraction digits
 * ({@code 2026-11-21T10:00:00.123Z}). Used by the API, exports and the leaf encoding alike, so a
 * time always hashes and prints the same way.
 */
public final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** RFC 3339 {@code date-time}: seconds required, optional fraction, {@code Z} or a numeric offset. */
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Times() {
    }

    /** Formats in the canonical form; sub-millisecond digits are dropped. */
    public static String format(Instant t) {
        return FORMAT.format(t);
    }

    /**
     * Parses any RFC 3339 {@code date-time} (with {@code Z} or an offset) into a UTC instant
     * truncated to milliseconds.
     *
     * <p>Why not {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}: it accepts the same text, but every event
     * carries a time, and its general-purpose parse was the single largest cost of validating an ingest
     * batch. The pattern fixes where each field's digits are, so they are read in place; {@link LocalDateTime#of}
     * and {@link ZoneOffset#ofHoursMinutes} then reject what the strict ISO parser rejects (February 30,
     * hour 24, second 60, an offset beyond ±18:00).
     *
     * @throws IllegalArgumentException when {@code s} is not an RFC 3339 date-time
     */
    public static Instant parse(String s) {
        Matcher m = s == null ? null : RFC3339.matcher(s);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an RFC 3339 date-time (e.g. 2026-11-21T10:00:00Z)");
        }
        try {
            int nanos = 0;
            if (m.start(1) >= 0) { // the fraction, after its '.': 1 to 9 digits
                nanos = number(s, m.start(1) + 1, m.end(1));
                for (int digits = m.end(1) - m.start(1) - 1; digits < 9; digits++) nanos *= 10;
            }
            LocalDateTime local = LocalDateTime.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10),
                    number(s, 11, 13), number(s, 14, 16), number(s, 17, 19), nanos);
            int z = m.start(2);
            ZoneOffset offset = s.length() - z == 1 ? ZoneOffset.UTC : s.charAt(z) == '-'
                    ? ZoneOffset.ofHoursMinutes(-number(s, z + 1, z + 3), -number(s, z + 4, z + 6))
                    : ZoneOffset.ofHoursMinutes(number(s, z + 1, z + 3), number(s, z + 4, z + 6));
            return local.toInstant(offset).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date-time: " + s, e);
        }
    }

    /** The decimal number in {@code s[from, to)}, whose characters the pattern has checked to be ASCII digits. */
    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) n = n * 10 + (s.charAt(i) - '0');
        return n;
    }
}
