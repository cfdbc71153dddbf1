package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimesTest {

    @Test
    void formatsWithExactlyThreeFractionDigitsInUtc() {
        assertThat(Times.format(Instant.parse("2026-11-21T10:00:00Z"))).isEqualTo("2026-11-21T10:00:00.000Z");
        assertThat(Times.format(Instant.parse("2026-11-21T10:00:00.123987Z"))).isEqualTo("2026-11-21T10:00:00.123Z");
    }

    /** The digit-by-digit formatter writes what the JDK's formatter writes, for years 0000 to 9999 and beyond. */
    @Test
    void formatsExactlyLikeTheJdkFormatter() {
        DateTimeFormatter jdk = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC);
        Random random = new Random(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(min + Math.floorMod(random.nextLong(), max - min + 1), random.nextInt(1_000_000_000));
            assertThat(Times.format(t)).isEqualTo(jdk.format(t));
        }
        for (String edge : new String[] {"0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "2024-02-29T12:34:56.789Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z"}) {
            Instant t = Instant.parse(edge);
            assertThat(Times.format(t)).as(edge).isEqualTo(jdk.format(t));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z",
        "2026-11-21t10:00:00z, 2026-11-21T10:00:00Z",
        "2026-11-21T10:00:00.5+01:30, 2026-11-21T08:30:00.500Z",
        "2026-11-21T10:00:00.123999999-00:00, 2026-11-21T10:00:00.123Z",
    })
    void parsesRfc3339IntoUtcMilliseconds(String text, String expected) {
        assertThat(Times.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void rejectsTextThatIsNotRfc3339() {
        assertThatThrownBy(() -> Times.parse("2026-11-21T10:00:00+0100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Times.parse("2026-11-21T24:00:00Z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsItsOwnFormat() {
        Instant t = Instant.parse("1999-12-31T23:59:59.999Z");
        assertThat(Times.parse(Times.format(t))).isEqualTo(t);
    }

    /** The hand-read fields agree with the JDK's strict ISO parser on every edge: month and day ranges, leap years, hour 24, second 60, offsets. */
    @Test
    void agreesWithTheIsoParserOnValidAndInvalidFields() {
        Random random = new Random(11);
        String[] years = {"0000", "0001", "1900", "1999", "2000", "2024", "2026", "2100", "9999"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder t = new StringBuilder();
            t.append(years[random.nextInt(years.length)]).append('-').append(two(random.nextInt(14))).append('-')
                    .append(two(random.nextInt(33))).append(random.nextBoolean() ? 'T' : 't').append(two(random.nextInt(26)))
                    .append(':').append(two(random.nextInt(61))).append(':').append(two(random.nextInt(62)));
            int fraction = random.nextInt(10);
            if (fraction > 0) {
                t.append('.');
                for (int d = 0; d < fraction; d++) t.append(random.nextInt(10));
            }
            switch (random.nextInt(4)) {
                case 0 -> t.append('Z');
                case 1 -> t.append('z');
                default -> t.append(random.nextBoolean() ? '+' : '-').append(two(random.nextInt(20))).append(':').append(two(random.nextInt(61)));
            }
            String text = t.toString();
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> Times.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(Times.parse(text)).as(text).isEqualTo(expected);
            }
        }
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
