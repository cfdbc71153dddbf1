package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.store.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Sent together, 99 wrong passwords of 100 were all checked before the first failure counted. */
    @Test
    void attemptsSentTogetherForOneNameGetOneCheckAndTheRestAreRefusedUnchecked() throws Exception {
        int attempts = 20;
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<LoginThrottle.Attempt<String>>> sent = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                sent.add(callers.submit(() -> {
                    start.await();
                    return throttle.attempt("alice", () -> {
                        checks.incrementAndGet();
                        sleep(50);
                        return Optional.<String>empty();
                    });
                }));
            }
            start.countDown();
            for (Future<LoginThrottle.Attempt<String>> attempt : sent) attempt.get();
        }
        assertThat(checks).hasValue(1);
        assertThat(throttle.wait("alice")).contains(Duration.ofSeconds(1));
    }

    @Test
    void anAttemptWhileAnotherOfTheSameNameIsBeingCheckedIsRefusedAsBusyAndOtherNamesAreNot() {
        LoginThrottle.Attempt<String> first = throttle.attempt("alice", () -> {
            assertThat(throttle.attempt("ALICE", () -> Optional.of("unchecked")).refusal())
                    .contains(new LoginThrottle.Refusal(Duration.ZERO, true));
            assertThat(throttle.attempt("bob", () -> Optional.of("bob")).found()).contains("bob");
            return Optional.of("alice");
        });
        assertThat(first.found()).contains("alice");
        assertThat(throttle.attempt("alice", () -> Optional.of("again")).found()).as("the first one ended").contains("again");
    }

    @Test
    void aCheckThatFailsToRunCountsForNothingAndLeavesTheNameFree() {
        assertThatThrownBy(() -> throttle.attempt("alice", () -> {
            throw new IllegalStateException("users.json cannot be read");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(throttle.wait("alice")).isEmpty();
        assertThat(throttle.attempt("alice", () -> Optional.of("alice")).refusal()).isEmpty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
