package dev.auditlog.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionSchedulerTest {
    @Test
    void theNextRunIsTheComingThreeOClockUtc() {
        assertThat(RetentionScheduler.untilNextRun(Instant.parse("2026-11-22T02:30:00Z"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(RetentionScheduler.untilNextRun(Instant.parse("2026-11-22T03:00:00Z"))).isEqualTo(Duration.ofHours(24));
        assertThat(RetentionScheduler.untilNextRun(Instant.parse("2026-11-22T04:00:00Z"))).isEqualTo(Duration.ofHours(23));
    }
}
