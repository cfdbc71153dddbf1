package dev.auditlog.server.internal.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per user name: after each failure the next attempt must wait 1, 2, 4, 8 s;
 * the fifth failure in a row locks the name for 15 minutes. Counting per name (not per address) stops a
 * distributed guesser too; the price is that anyone can lock a known name out for 15 minutes, repeatedly. So the
 * users page shows the lock, and a super-admin lifts it ({@link #unlock}, by the Unlock button or by setting a new
 * password): the owner is let in at once, and guessing stays slow, since each lift is a deliberate, recorded act.
 * A success resets the count, and so does a quiet spell: failures are forgotten once the name's wait has been over for
 * as long as a lock lasts. That also keeps the memory bounded, since a guesser trying many names leaves one record
 * per name typed; records past that point are swept out at most once a minute. In memory, like the sessions.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private record Failures(int count, Instant notBefore) {
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

    void failed(String name) {
        Instant now = clock.instant();
        sweep(now);
        byName.compute(key(name), (k, f) -> {
            int count = f == null || f.count() >= MAX_FAILURES || forgotten(f, now) ? 1 : f.count() + 1;
            Duration delay = count >= MAX_FAILURES ? LOCK : Duration.ofSeconds(1L << (count - 1));
            return new Failures(count, now.plus(delay));
        });
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) return;
        nextSweep = now.plus(SWEEP_EVERY);
        byName.values().removeIf(f -> forgotten(f, now));
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
