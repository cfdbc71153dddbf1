package dev.auditlog.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * <p>A caller may {@link #hold} the thread: once it has committed everything queued before the hold, it commits
 * nothing more until the hold is closed, except what the holder hands it ({@link Held#commit}). An erasure holds
 * its store's writer for its last pass, so that no entry is acknowledged between that pass and its record.
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
    /** A hold the thread took from the queue while it lingered: served right after that batch's commit. */
    private GroupCommitQueue<?>.Held heldAfterLinger;

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

    /**
     * The queue's thread held ({@link #hold}): it commits only what is handed to {@link #commit}, in order, until
     * {@link #close}.
     */
    public final class Held implements AutoCloseable {
        private final CompletableFuture<Void> reached = new CompletableFuture<>();
        /** Requests to commit while held, each as a batch of its own, then {@link #RELEASE}. */
        private final BlockingQueue<Object> handed = new LinkedBlockingQueue<>();
        private boolean released;

        private Held() {
        }

        /**
         * Commits {@code request} as a batch of its own on the queue's thread, ahead of everything queued; returns once
         * it is committed (and answered, as {@code commit} answers every request).
         */
        public void commit(R request) {
            if (released) throw new IllegalStateException("the hold is released");
            CompletableFuture<Void> done = new CompletableFuture<>();
            handed.add(new Handed<>(request, done));
            done.join();
        }

        /** Lets the thread go on with what is queued. */
        @Override
        public void close() {
            if (released) return;
            released = true;
            handed.add(RELEASE);
        }

        /** On the queue's thread: commits what is handed until released. */
        @SuppressWarnings("unchecked")
        private void serve() throws InterruptedException {
            reached.complete(null);
            Object next;
            while ((next = handed.take()) != RELEASE) {
                Handed<R> h = (Handed<R>) next;
                try {
                    commit.accept(List.of(h.request));
                } finally {
                    h.done.complete(null);
                }
            }
        }
    }

    private record Handed<R>(R request, CompletableFuture<Void> done) {
    }

    private static final Object RELEASE = new Object();

    /**
     * Waits until the queue's thread has committed every request queued before this call, then keeps it from
     * committing anything else until the returned hold is closed. Requests offered meanwhile wait in the queue.
     *
     * @throws StoreException if the queue is closed
     */
    public Held hold() {
        Held held = new Held();
        if (closed) throw new StoreException("the store is closed", null);
        queue.add(held);
        try {
            held.reached.get();
            return held;
        } catch (InterruptedException e) {
            held.close();
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the writer", e);
        } catch (ExecutionException e) {
            held.close();
            throw new StoreException("the store is closed", e.getCause());
        }
    }

    /** How many requests wait for the thread, for {@code /metrics}: ever more means the store cannot keep up with its appends. */
    public StoreGauge waitingGauge() {
        return new StoreGauge("auditlog.store.writer.waiting", "Appends waiting for the store's writer thread", Map.of(), queue::size);
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
                if (first instanceof GroupCommitQueue<?>.Held held) {
                    held.serve();
                    continue;
                }
                batch.add((R) first);
                int count = events.applyAsInt((R) first);
                Object next;
                while (count < maxBatchEvents && (next = queue.peek()) != null && !(next instanceof GroupCommitQueue<?>.Held)) {
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
                if (heldAfterLinger != null) {
                    GroupCommitQueue<?>.Held held = heldAfterLinger;
                    heldAfterLinger = null;
                    held.serve();
                }
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
                if (next instanceof GroupCommitQueue<?>.Held held) {
                    heldAfterLinger = held;
                    return false;
                }
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
            if (r instanceof GroupCommitQueue<?>.Held held) held.reached.completeExceptionally(new IllegalStateException("closed"));
            else if (r != STOP && r != HURRY) left.add((R) r);
        }
        return left;
    }

    @Override
    public void close() {
        closeAndDrain();
    }
}
