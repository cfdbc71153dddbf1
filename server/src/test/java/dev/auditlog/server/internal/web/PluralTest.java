package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneOfAUnitIsSingularAndEveryOtherCountPlural() {
        assertThat(Plural.of(1, "minute")).isEqualTo("1 minute");
        assertThat(Plural.of(0, "second")).isEqualTo("0 seconds");
        assertThat(Plural.of(8, "second")).isEqualTo("8 seconds");
    }

    @Test
    void aWaitIsRoundedUpSoThatWaitingThatLongIsEnough() {
        assertThat(Plural.ofWait(Duration.ofMillis(1))).isEqualTo("1 second");
        assertThat(Plural.ofWait(Duration.ofMillis(1_001))).isEqualTo("2 seconds");
        assertThat(Plural.ofWait(Duration.ofSeconds(119))).isEqualTo("119 seconds");
    }

    @Test
    void aWaitOfTwoMinutesOrMoreIsSaidInMinutes() {
        assertThat(Plural.ofWait(Duration.ofSeconds(120))).isEqualTo("2 minutes");
        assertThat(Plural.ofWait(Duration.ofSeconds(121))).isEqualTo("3 minutes");
        assertThat(Plural.ofWait(Duration.ofMinutes(15))).isEqualTo("15 minutes");
    }
}
