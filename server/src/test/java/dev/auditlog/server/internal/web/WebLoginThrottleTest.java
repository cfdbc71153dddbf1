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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebLoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void twoFailuresCostNoWaitTheThirdAndFourthWaitTwoAndFourSecondsAndTheFifthLocksTheNameForFifteenMinutes() {
        for (long expected : new long[] {0, 0, 2, 4}) {
            throttle.failed("Alice");
            assertThat(throttle.wait("alice")).as("after a failure")
                    .isEqualTo(expected == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(expected)));
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
    void theFailureThatMakesTheNameWaitOrLocksItSaysSoAtOnce() {
        List<String> told = new ArrayList<>();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            LoginThrottle.Attempt<String> failure = throttle.attempt("alice", Optional::<String>empty);
            told.add(failure.afterFailure());
            clock.advance(failure.waitNow());
        }
        assertThat(told).containsExactly("", "", " Wait 2 seconds before the next attempt.", " Wait 4 seconds before the next attempt.",
                " After 5 failures in a row this user name is locked for 15 minutes; a super-admin can lift the lock on the users page.");
    }

    @Test
    void theRightPasswordRightAfterAWrongOneIsCheckedAndLetIn() {
        assertThat(throttle.attempt("alice", Optional::<String>empty).found()).isEmpty();
        LoginThrottle.Attempt<String> right = throttle.attempt("alice", () -> Optional.of("alice"));
        assertThat(right.refusal()).isEmpty();
        assertThat(right.found()).contains("alice");
    }

    @Test
    void aRefusalAsksForWholeSecondsInRetryAfterAndAtLeastOne() {
        assertThat(refused(new LoginThrottle.Refusal(Duration.ofMillis(1_200), false)).retryAfter()).hasValue(2);
        assertThat(refused(new LoginThrottle.Refusal(LoginThrottle.LOCK, false)).retryAfter()).hasValue(900);
        assertThat(refused(new LoginThrottle.Refusal(Duration.ZERO, true)).retryAfter()).as("busy").hasValue(1);
        assertThat(new LoginThrottle.Attempt<>(Optional.empty(), Optional.empty(), Duration.ofSeconds(2)).retryAfter())
                .as("a failure that makes the name wait").hasValue(2);
        assertThat(new LoginThrottle.Attempt<>(Optional.empty(), Optional.of("alice"), Duration.ZERO).retryAfter()).isEmpty();
    }

    @Test
    void aSuccessForgetsEarlierFailuresAndOtherNamesAreNotAffected() {
        throttle.failed("alice");
        throttle.failed("alice");
        assertThat(throttle.wait("bob")).isEmpty();
        throttle.succeeded("alice");
        assertThat(throttle.wait("alice")).isEmpty();
        failTimes("alice", LoginThrottle.FREE_FAILURES + 1);
        assertThat(throttle.wait("alice")).as("counting started again").contains(Duration.ofSeconds(2));
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
        failTimes("alice", LoginThrottle.FREE_FAILURES + 1);
        assertThat(throttle.wait("alice")).as("counting starts again").contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.unlock("alice")).as("a back-off already over").isFalse();
        assertThat(throttle.unlock("bob")).as("a name without failures").isFalse();
    }

    /** Sent together, 99 wrong passwords of 100 were all checked before the first failure counted. */
    @Test
    void attemptsSentTogetherForOneNameGetOneCheckAndTheRestAreRefusedUnchecked() throws Exception {
        int attempts = 20;
        AtomicInteger checks = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch othersRefused = new CountDownLatch(attempts - 1);
        List<Future<LoginThrottle.Attempt<String>>> sent = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                sent.add(callers.submit(() -> {
                    start.await();
                    LoginThrottle.Attempt<String> attempt = throttle.attempt("alice", () -> {
                        checks.incrementAndGet();
                        await(othersRefused); // the check outlasts the burst, however late a caller starts
                        return Optional.<String>empty();
                    });
                    if (attempt.refusal().isPresent()) othersRefused.countDown();
                    return attempt;
                }));
            }
            start.countDown();
            for (Future<LoginThrottle.Attempt<String>> attempt : sent) attempt.get();
        }
        assertThat(checks).hasValue(1);
        assertThat(sent.stream().filter(f -> f.resultNow().refusal().filter(LoginThrottle.Refusal::busy).isPresent()))
                .hasSize(attempts - 1);
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

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the other attempts came back").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LoginThrottle.Attempt<String> refused(LoginThrottle.Refusal refusal) {
        return new LoginThrottle.Attempt<>(Optional.of(refusal), Optional.empty(), Duration.ZERO);
    }

    private void failTimes(String name, int times) {
        for (int i = 0; i < times; i++) throttle.failed(name);
    }

    @Test
    void failuresAreForgottenOnceTheWaitHasBeenOverForAsLongAsALock() {
        for (int count = 1; count < LoginThrottle.MAX_FAILURES; count++) {
            throttle.failed("alice");
            clock.advance(LoginThrottle.delayAfter(count));
        }
        clock.advance(LoginThrottle.LOCK);
        throttle.failed("alice");
        assertThat(throttle.wait("alice")).as("the fifth failure, but after a quiet spell: the first again").isEmpty();
    }
}
