package dev.auditlog.server.internal.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Slows down password guessing per user name: the first two failures in a row cost nothing (a typo, a caps lock, and
 * the right password typed at once must get in), the third makes the next attempt wait 2 s, the fourth 4 s, and the
 * fifth locks the name for 15 minutes. A guesser gets five tries a quarter of an hour; a person is never told to wait
 * for a mistake made once. Counting per name (not per address) stops a
 * distributed guesser too; the price is that anyone can lock a known name out for 15 minutes, repeatedly. So the
 * users page shows the lock, and a super-admin lifts it ({@link #unlock}, by the Unlock button or by setting a new
 * password): the owner is let in at once, and guessing stays slow, since each lift is a deliberate, recorded act.
 * A success resets the count, and so does a quiet spell: failures are forgotten once the name's wait has been over for
 * as long as a lock lasts. That also keeps the memory bounded, since a guesser trying many names leaves one record
 * per name typed; records past that point are swept out at most once a minute. In memory, like the sessions.
 *
 * <p>One attempt per name is checked at a time ({@link #attempt}). Counting a failure only once its password hash had
 * been checked let attempts sent together all pass the check for a wait before the first of them failed: 99 wrong
 * passwords of a burst of 100 were checked, and then the right one signed in. So an attempt is admitted, atomically,
 * before its password is checked, and others for the same name are refused until it ends.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    /** Failures in a row that make no one wait. */
    static final int FREE_FAILURES = 2;
    static final Duration LOCK = Duration.ofMinutes(15);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    /** The name's failures in a row, until when it must wait, and whether an attempt is being checked now. */
    private record Failures(int count, Instant notBefore, boolean checking) {
    }

    /** Why an attempt is not admitted: the name must wait for {@code left} after failures, or another attempt is being checked. */
    record Refusal(Duration left, boolean busy) {
        /** What the user is told: {@code tooMany}, and how long to wait; or that another attempt is being checked. */
        String told(String tooMany) {
            return busy ? "Another attempt with this user's password is being checked. Try again in a moment."
                    : tooMany + ". Try again in " + Plural.ofWait(left) + ".";
        }
    }

    /**
     * An attempt refused unchecked, or checked: what the check found (empty for a wrong password), and how long the
     * name must now wait before its next attempt (zero unless this failure made it wait).
     */
    record Attempt<T>(Optional<Refusal> refusal, Optional<T> found, Duration waitNow) {
        /**
         * What the failed attempt is told beyond its password being wrong: that the next must wait, or that the name is
         * now locked; empty when neither. Said at once, not only when the next attempt is refused.
         */
        String afterFailure() {
            if (!waitNow.isPositive()) return "";
            if (waitNow.compareTo(LOCK) >= 0) {
                return " After " + MAX_FAILURES + " failures in a row this user name is locked for " + Plural.ofWait(waitNow)
                        + "; a super-admin can lift the lock on the users page.";
            }
            return " Wait " + Plural.ofWait(waitNow) + " before the next attempt.";
        }

        /**
         * What a {@code Retry-After} header says when the name must wait: refused for a wait (or while another attempt
         * is checked), or made to wait by this failure; empty when it need not.
         */
        OptionalLong retryAfter() {
            if (refusal.isPresent()) return OptionalLong.of(wholeSeconds(refusal.get().left()));
            return waitNow.isPositive() ? OptionalLong.of(wholeSeconds(waitNow)) : OptionalLong.empty();
        }
    }

    /** A wait as a {@code Retry-After} header says it: whole seconds, rounded up, at least 1. */
    private static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private final Map<String, Failures> byName = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the name must still wait before its next attempt, if it must. */
    Optional<Duration> wait(String name) {
        Failures f = byName.get(key(name));
        if (f == null) return Optional.empty();
        Duration left = Duration.between(clock.instant(), f.notBefore());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    /**
     * Checks a password of {@code name} by {@code check}, unless the name must wait or another attempt for it is being
     * checked; a failure counts, a success clears the count.
     */
    <T> Attempt<T> attempt(String name, Supplier<Optional<T>> check) {
        Optional<Refusal> refusal = admit(name);
        if (refusal.isPresent()) return new Attempt<>(refusal, Optional.empty(), Duration.ZERO);
        Optional<T> found;
        try {
            found = check.get();
        } catch (RuntimeException | Error e) { // not checked (the users file could not be read): it counts for nothing
            byName.computeIfPresent(key(name), (k, f) -> new Failures(f.count(), f.notBefore(), false));
            throw e;
        }
        if (found.isPresent()) {
            succeeded(name);
            return new Attempt<>(Optional.empty(), found, Duration.ZERO);
        }
        return new Attempt<>(Optional.empty(), found, failed(name));
    }

    private Optional<Refusal> admit(String name) {
        Instant now = clock.instant();
        sweep(now);
        Refusal[] refusal = new Refusal[1];
        byName.compute(key(name), (k, f) -> {
            if (f == null || !f.checking() && forgotten(f, now)) return new Failures(0, now, true);
            if (f.checking()) {
                refusal[0] = new Refusal(Duration.ZERO, true);
                return f;
            }
            Duration left = Duration.between(now, f.notBefore());
            if (left.isPositive()) {
                refusal[0] = new Refusal(left, false);
                return f;
            }
            return new Failures(f.count(), f.notBefore(), true);
        });
        return Optional.ofNullable(refusal[0]);
    }

    /** Counts a failure of the name; how long it must now wait. */
    Duration failed(String name) {
        Instant now = clock.instant();
        Failures counted = byName.compute(key(name), (k, f) -> {
            int count = f == null || f.count() >= MAX_FAILURES || forgotten(f, now) ? 1 : f.count() + 1;
            return new Failures(count, now.plus(delayAfter(count)), false);
        });
        return delayAfter(counted.count());
    }

    /** How long the {@code count}th failure in a row makes the next attempt wait. */
    static Duration delayAfter(int count) {
        if (count >= MAX_FAILURES) return LOCK;
        return count <= FREE_FAILURES ? Duration.ZERO : Duration.ofSeconds(1L << (count - FREE_FAILURES));
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) return;
        nextSweep = now.plus(SWEEP_EVERY);
        byName.values().removeIf(f -> !f.checking() && forgotten(f, now));
    }

    private static boolean forgotten(Failures f, Instant now) {
        return !f.notBefore().plus(LOCK).isAfter(now);
    }

    void succeeded(String name) {
        byName.remove(key(name));
    }

    /** Forgets the name's failures at an administrator's word; whether they were keeping it waiting until then. */
    boolean unlock(String name) {
        Failures f = byName.remove(key(name));
        return f != null && f.notBefore().isAfter(clock.instant());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
