package dev.auditlog.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The queue in front of a store's single writer thread, and that thread: group commit.
 *
 * <p>Why: a tenant's log is a sequence, so one thread must give out seq numbers, extend the tree and sign the
 * checkpoint. That thread takes every request waiting at once (up to a bound on their events) and hands
 * them to the store as one batch: under load batches grow by themselves, and N concurrent callers cost one
 * transaction and one fsync instead of N; when idle, a lone request is committed at once — no timer, no
 * added latency. The thread is a platform thread because the store's JDBC/JNI calls would pin a virtual one.
 * (The embedded store's journal applier merges journaled batches into DuckDB transactions the same way.)
 *
 * <p>A queue whose commits nobody waits for may {@link Linger linger}: it waits a little for more requests
 * before committing a small batch, and anyone about to wait for its commits calls {@link #hurry} to stop that.
 * The embedded store's applier lingers: DuckDB spends less CPU per row on fewer, larger transactions.
 *
 * @param <R> a store's request: what to append, and how to answer
 */
public final class GroupCommitQueue<R> implements AutoCloseable {
    private static final Object STOP = new Object();
    /** Wakes a lingering thread; ignored anywhere else. */
    private static final Object HURRY = new Object();

    /**
     * Before committing a batch of fewer than {@code events} events, wait up to {@code nanos} for more requests,
     * unless someone {@link #hurry hurries} the queue.
     */
    public record Linger(int events, long nanos) {
        /** Commit whatever is queued at once. */
        public static final Linger NONE = new Linger(0, 0);
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int maxBatchEvents;
    private final Linger linger;
    /** No lingering before this {@link System#nanoTime}; see {@link #hurry}. */
    private volatile long hurriedUntil = System.nanoTime();
    /** True while the thread waits for more requests to fill a batch. */
    private volatile boolean lingering;
    private final ToIntFunction<R> events;
    private final Consumer<List<R>> commit;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param maxBatchEvents a batch stops growing once its requests hold this many events
     * @param events         how many events a request holds
     * @param commit         commits one batch and answers its requests; must not throw
     */
    public GroupCommitQueue(String threadName, int maxBatchEvents, ToIntFunction<R> events, Consumer<List<R>> commit) {
        this(threadName, maxBatchEvents, Linger.NONE, events, commit);
    }

    /** As above, lingering as {@code linger} says before committing a small batch. */
    public GroupCommitQueue(String threadName, int maxBatchEvents, Linger linger, ToIntFunction<R> events,
                            Consumer<List<R>> commit) {
        this.maxBatchEvents = maxBatchEvents;
        this.linger = linger;
        this.events = events;
        this.commit = commit;
        this.thread = Thread.ofPlatform().name(threadName).daemon(false).start(this::run);
    }

    /** Queues a request; false once the queue is closed (the caller answers it then). */
    public boolean offer(R request) {
        if (closed) return false;
        queue.add(request);
        return true;
    }

    @SuppressWarnings("unchecked")
    private void run() {
        List<R> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Object first = queue.take();
                if (first == STOP) break;
                if (first == HURRY) continue;
                batch.add((R) first);
                int count = events.applyAsInt((R) first);
                Object next;
                while (count < maxBatchEvents && (next = queue.peek()) != null) {
                    queue.poll();
                    if (next == STOP) {
                        stopping = true;
                        break;
                    }
                    if (next == HURRY) continue;
                    batch.add((R) next);
                    count += events.applyAsInt((R) next);
                }
                if (!stopping && count < linger.events) stopping = linger(batch, count);
                commit.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds requests to {@code batch} until it holds {@link Linger#events}, time is up or someone hurries; true on STOP. */
    @SuppressWarnings("unchecked")
    private boolean linger(List<R> batch, int count) throws InterruptedException {
        long deadline = System.nanoTime() + linger.nanos;
        lingering = true;
        try {
            while (count < linger.events) {
                long now = System.nanoTime();
                if (now - hurriedUntil < 0 || now - deadline >= 0) return false;
                Object next = queue.poll(deadline - now, TimeUnit.NANOSECONDS);
                if (next == null || next == HURRY) return false;
                if (next == STOP) return true;
                batch.add((R) next);
                count += events.applyAsInt((R) next);
            }
            return false;
        } finally {
            lingering = false;
        }
    }

    /**
     * Someone is waiting for what is queued: commit it without lingering, for the length of one linger from now
     * (a waiter that may wait longer calls this again).
     */
    public void hurry() {
        if (linger.nanos == 0) return;
        hurriedUntil = System.nanoTime() + linger.nanos;
        if (lingering) queue.add(HURRY); // after the write above: a thread that starts lingering now sees it
    }

    /**
     * Commits every request queued before the close, stops the thread, and returns the requests that
     * raced the close and were not committed (the caller fails them).
     */
    @SuppressWarnings("unchecked")
    public List<R> closeAndDrain() {
        List<R> left = new ArrayList<>();
        if (closed) return left;
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object r;
        while ((r = queue.poll()) != null) {
            if (r != STOP) left.add((R) r);
        }
        return left;
    }

    @Override
    public void close() {
        closeAndDrain();
    }
}
