package dev.auditlog.core.store;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a failure that repeats in a flood at most once per interval, with its stack trace, and counts the rest in
 * the next line. Why: when the disk is full or the database is gone, every request fails alike, hundreds a second;
 * a stack trace for each buried the log (278,000 lines in 25 s) and, on a full disk, could only make it fuller.
 */
public final class FailureFlood {
    private final Logger log;
    private final long intervalMillis;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong notLogged = new AtomicLong();

    public FailureFlood(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
    }

    /** Logs {@code message} (an SLF4J pattern) with {@code failure} at error level, unless one was logged within the interval. */
    public void error(Throwable failure, String message, Object... args) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last < intervalMillis || !lastLogged.compareAndSet(last, now)) {
            notLogged.incrementAndGet();
            return;
        }
        long more = notLogged.getAndSet(0);
        String pattern = more == 0 ? message : message + " (and " + more + " more failures like it since the last one logged)";
        Object[] withFailure = new Object[args.length + 1];
        System.arraycopy(args, 0, withFailure, 0, args.length);
        withFailure[args.length] = failure;
        log.error(pattern, withFailure);
    }
}
