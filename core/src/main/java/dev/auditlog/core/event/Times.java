package dev.auditlog.core.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
    private static final long EPOCH_DAY_0000 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long EPOCH_DAY_9999 = LocalDate.of(9999, 12, 31).toEpochDay();
    /** RFC 3339 {@code date-time}: seconds required, optional fraction, {@code Z} or a numeric offset. */
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Times() {
    }

    /**
     * Formats in the canonical form; sub-millisecond digits are dropped.
     *
     * <p>Why by hand: every exported row and every entry's JSON formats one or two times, and the general
     * formatter was a tenth of a CSV export. Years 0000 to 9999 (every time an event can carry, and every
     * time this service records) are written digit by digit; any other year goes through the formatter, which
     * signs it. A test holds the two to the same text.
     */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        if (days < EPOCH_DAY_0000 || days > EPOCH_DAY_9999) return FORMAT.format(t);
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        byte[] out = new byte[24];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        digits(out, 20, t.getNano() / 1_000_000, 3);
        out[23] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as exactly {@code width} decimal digits at {@code at}. */
    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses any RFC 3339 {@code date-time} (with {@code Z} or an offset) into a UTC instant
     * truncated to milliseconds.
     *
     * @throws IllegalArgumentException when {@code s} is not an RFC 3339 date-time
     */
    public static Instant parse(String s) {
        return parseExactly(s).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * As {@link #parse}, keeping every fraction digit given: a query's {@code from} and {@code to} take exactly the times
     * {@code occurred_at} takes, and round a finer one themselves (a finer {@code from} counts from the next millisecond).
     *
     * <p>Why not {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}: it accepts the same text, but every event
     * carries a time, and its general-purpose parse was the single largest cost of validating an ingest
     * batch. The pattern fixes where each field's digits are, so they are read in place; {@link LocalDateTime#of}
     * and {@link ZoneOffset#ofHoursMinutes} then reject what the strict ISO parser rejects (February 30,
     * hour 24, second 60, an offset beyond ±18:00).
     *
     * @throws IllegalArgumentException when {@code s} is not an RFC 3339 date-time
     */
    public static Instant parseExactly(String s) {
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
            return local.toInstant(offset);
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
