package dev.auditlog.core.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
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
     * @throws IllegalArgumentException when {@code s} is not an RFC 3339 date-time
     */
    public static Instant parse(String s) {
        if (s == null || !RFC3339.matcher(s).matches()) {
            throw new IllegalArgumentException("not an RFC 3339 date-time (e.g. 2026-11-21T10:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date-time: " + s, e);
        }
    }
}
