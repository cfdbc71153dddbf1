package dev.auditlog.bench;

import java.util.Arrays;

/** Durations of many operations, recorded by several threads at once, read as percentiles in milliseconds. */
final class Latencies {
    private long[] nanos;
    private int size;

    Latencies(int expected) {
        nanos = new long[Math.max(16, expected)];
    }

    synchronized void record(long durationNanos) {
        if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
        nanos[size++] = durationNanos;
    }

    /** Times {@code op} and records it. */
    <E extends Exception> void time(ThrowingRunnable<E> op) throws E {
        long t0 = System.nanoTime();
        op.run();
        record(System.nanoTime() - t0);
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0..1) in milliseconds, nearest rank. */
    synchronized double percentileMs(double p) {
        if (size == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }

    @FunctionalInterface
    interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }
}
