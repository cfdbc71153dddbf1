package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebLoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void eachFailureDoublesTheWaitAndTheFifthLocksTheNameForFifteenMinutes() {
        for (long expected : new long[] {1, 2, 4, 8}) {
            throttle.failed("Alice");
            assertThat(throttle.wait("alice")).contains(Duration.ofSeconds(expected));
            clock.advance(Duration.ofSeconds(expected));
            assertThat(throttle.wait("alice")).isEmpty();
        }
        throttle.failed("alice");
        assertThat(throttle.wait("alice")).contains(LoginThrottle.LOCK);
        clock.advance(LoginThrottle.LOCK.minusSeconds(1));
        assertThat(throttle.wait("alice")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.wait("alice")).isEmpty();
    }

    @Test
    void aSuccessForgetsEarlierFailuresAndOtherNamesAreNotAffected() {
        throttle.failed("alice");
        throttle.failed("alice");
        assertThat(throttle.wait("bob")).isEmpty();
        throttle.succeeded("alice");
        assertThat(throttle.wait("alice")).isEmpty();
        throttle.failed("alice");
        assertThat(throttle.wait("alice")).contains(Duration.ofSeconds(1));
    }

    @Test
    void anUnlockLiftsALockAtOnceAndTellsWhetherTheNameWasWaiting() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("alice");
            clock.advance(Duration.ofSeconds(8));
        }
        assertThat(throttle.wait("alice")).isPresent();

        assertThat(throttle.unlock("ALICE")).isTrue();
        assertThat(throttle.wait("alice")).isEmpty();
        throttle.failed("alice");
        assertThat(throttle.wait("alice")).as("counting starts again").contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.unlock("alice")).as("a back-off already over").isFalse();
        assertThat(throttle.unlock("bob")).as("a name without failures").isFalse();
    }

    @Test
    void failuresAreForgottenOnceTheWaitHasBeenOverForAsLongAsALock() {
        for (long wait : new long[] {1, 2, 4}) {
            throttle.failed("alice");
            clock.advance(Duration.ofSeconds(wait));
        }
        clock.advance(LoginThrottle.LOCK);
        throttle.failed("alice");
        assertThat(throttle.wait("alice")).as("the fourth failure, but after a quiet spell").contains(Duration.ofSeconds(1));
    }
}
