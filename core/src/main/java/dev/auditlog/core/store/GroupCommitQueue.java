package dev.auditlog.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 * @param <R> a store's request: what to append, and how to answer
 */
public final class GroupCommitQueue<R> implements AutoCloseable {
    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int maxBatchEvents;
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
        this.maxBatchEvents = maxBatchEvents;
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
                batch.add((R) first);
                int count = events.applyAsInt((R) first);
                Object next;
                while (count < maxBatchEvents && (next = queue.peek()) != null) {
                    queue.poll();
                    if (next == STOP) {
                        stopping = true;
                        break;
                    }
                    batch.add((R) next);
                    count += events.applyAsInt((R) next);
                }
                commit.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
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
