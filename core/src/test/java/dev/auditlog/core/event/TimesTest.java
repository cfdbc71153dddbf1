package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimesTest {

    @Test
    void formatsWithExactlyThreeFractionDigitsInUtc() {
        assertThat(Times.format(Instant.parse("2026-11-21T10:00:00Z"))).isEqualTo("2026-11-21T10:00:00.000Z");
        assertThat(Times.format(Instant.parse("2026-11-21T10:00:00.123987Z"))).isEqualTo("2026-11-21T10:00:00.123Z");
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
}
