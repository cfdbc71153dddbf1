package dev.auditlog.core.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a failure that repeats in a flood as one line per kind and interval, and counts the rest in the next line
 * of that kind. Why: when the disk is full or the database is gone, every request fails alike, hundreds a second;
 * a stack trace for each buried the log (278,000 lines in 25 s) and, on a full disk, could only make it fuller. The
 * line names the failure and what caused it, which is what an operator acts on; the stack trace is logged at debug
 * level beside it. A kind is the failure's class with its root cause's, so a new kind of failure (the database
 * refusing connections after it had been resetting them) is not hidden behind the one logged just before.
 */
public final class FailureFlood {
    private final Logger log;
    private final long intervalMillis;
    private final Map<String, Window> kinds = new ConcurrentHashMap<>();

    /** The last time a kind was logged and how many of it were not logged since. */
    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
        final AtomicLong notLogged = new AtomicLong();
    }

    public FailureFlood(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Logs {@code message} (an SLF4J pattern) at error level with what {@code failure} says, unless a failure of its
     * kind was logged within the interval.
     */
    public void error(Throwable failure, String message, Object... args) {
        Window window = kinds.computeIfAbsent(kind(failure), k -> new Window());
        long now = System.currentTimeMillis();
        long last = window.lastLogged.get();
        if (now - last < intervalMillis || !window.lastLogged.compareAndSet(last, now)) {
            window.notLogged.incrementAndGet();
            return;
        }
        long more = window.notLogged.getAndSet(0);
        String pattern = message + ": {}" + (more == 0 ? "" : " (and " + more + " more failures like it since the last one logged)");
        Object[] withFailure = new Object[args.length + 1];
        System.arraycopy(args, 0, withFailure, 0, args.length);
        withFailure[args.length] = describe(failure);
        log.error(pattern, withFailure);
        log.debug("The failure logged above", failure);
    }

    private static String kind(Throwable failure) {
        return failure.getClass().getName() + "/" + RootCause.of(failure).getClass().getName();
    }

    /** The failure's own message and, when another one lies under it, the root cause's ("…: Connection refused"). */
    static String describe(Throwable failure) {
        Throwable root = RootCause.of(failure);
        return root == failure ? failure.toString() : failure + ", caused by " + root;
    }
}
