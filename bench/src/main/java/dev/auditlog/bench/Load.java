package dev.auditlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

/**
 * Drives an operation from many callers at once, the way request threads of a server would.
 *
 * <p>Closed loop ({@link #closed}): each caller starts its next call when the previous one is acknowledged —
 * the maximum rate. Open loop ({@link #open}): calls start on a fixed schedule whatever the latency, so
 * queueing shows up in the latency instead of silently lowering the rate (coordinated omission); that is
 * how "p99 at half the maximum rate" is measured.
 */
final class Load {
    /** Something a caller does once per call, with the call's number. */
    @FunctionalInterface
    interface Call {
        void run(long n) throws Exception;
    }

    /** What a run achieved: calls completed, wall time and the latency of each call. */
    record Result(long calls, double seconds, Latencies latencies) {
        /**
         * This result with the time {@code wait} takes added, e.g. until the embedded store can read every event
         * it acknowledged: it acknowledges from its journal and writes DuckDB behind it, with up to 256 MB of
         * records waiting; counting acknowledgements alone would report that backlog as speed.
         */
        Result plusTimeOf(Runnable wait) {
            long start = System.nanoTime();
            wait.run();
            return new Result(calls, seconds + (System.nanoTime() - start) / 1e9, latencies);
        }

        double callsPerSecond() {
            return calls / seconds;
        }
    }

    private Load() {
    }

    /** {@code callers} virtual threads make {@code calls} calls in all, each waiting for the previous one. */
    static Result closed(int callers, long calls, Call call) throws Exception {
        return closed(callers, calls, Double.POSITIVE_INFINITY, call);
    }

    /**
     * As {@link #closed(int, long, Call)}, but callers start no new call once {@code seconds} have passed: for
     * a system whose rate is not known beforehand, a run of about that long.
     */
    static Result closed(int callers, long calls, double seconds, Call call) throws Exception {
        Latencies latencies = new Latencies((int) Math.min(calls, 1 << 20));
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(() -> {
                    for (long n = next.getAndIncrement(); n < calls && System.nanoTime() - deadline < 0; n = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        call.run(n);
                        latencies.record(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        }
        return new Result(latencies.count(), (System.nanoTime() - start) / 1e9, latencies);
    }

    /**
     * {@code calls} calls started at {@code perSecond}, each on its own virtual thread; a call's latency counts
     * from when it was scheduled to start, not from when a thread got round to it.
     */
    static Result open(double perSecond, long calls, Call call) throws Exception {
        return open(perSecond, (int) Math.min(calls, 10_000_000), n -> n < calls, call);
    }

    /** As {@link #open(double, long, Call)}, starting calls until {@code done} is done. */
    static Result openUntil(double perSecond, Future<?> done, Call call) throws Exception {
        return open(perSecond, 1 << 16, n -> !done.isDone(), call);
    }

    private static Result open(double perSecond, int expectedCalls, LongPredicate more, Call call) throws Exception {
        Latencies latencies = new Latencies(expectedCalls);
        long intervalNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long calls = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (; more.test(calls); calls++) {
                long due = start + calls * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                long callNumber = calls;
                running.add(pool.submit(() -> {
                    call.run(callNumber);
                    latencies.record(System.nanoTime() - due);
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        }
        return new Result(calls, (System.nanoTime() - start) / 1e9, latencies);
    }
}
