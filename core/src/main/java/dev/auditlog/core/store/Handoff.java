package dev.auditlog.core.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands rows from the read thread that produces them to the thread that consumes them, in chunks, through a
 * short bounded queue.
 *
 * <h2>Why</h2>
 * An export used to run whole on one read thread: DuckDB fetching the rows, turning them into entries, and
 * formatting and sending them, one core busy and the other idle. Split in two, the read thread only fetches
 * and the consumer does the rest, so a scan keeps both cores working. Chunks of {@link #CHUNK} rows keep the
 * cost of crossing threads off the per-row path; at most {@link #CHUNKS_AHEAD} chunks wait, so memory stays
 * bounded and a slow client slows the read rather than filling the heap.
 *
 * <h2>Ending</h2>
 * The producer ends with {@link #finish} or {@link #fail}; the consumer's {@link #drain} returns after the last
 * chunk or rethrows the producer's failure. A consumer that stops early (its sink threw: the client went away)
 * calls {@link #abandon}, and the producer's next {@link #put} throws instead of blocking forever on a queue
 * nobody reads.
 *
 * <h2>A consumer that stops taking rows</h2>
 * The producer holds something scarce while it reads: one of the embedded store's read threads, or a PostgreSQL
 * connection. A consumer that takes nothing for {@link #STALL_LIMIT} (its client stopped reading the download) costs
 * the producer its read: the producer's {@link #put} throws, the read ends and frees what it held, and the consumer
 * rethrows that failure once it takes again. A slow consumer that keeps taking is never cut off, also where a read runs
 * in parts, each with a handoff of its own ({@link #next}), the next part read ahead while the consumer still works
 * through the current one: the parts of one read share the clock of the consumer's last take. (Each part counting only
 * its own takes cut off an erasure of a 150,000-entry log, whose consumer spends more than a minute on a part.)
 */
public final class Handoff<T> {
    static final int CHUNK = 256;
    static final int CHUNKS_AHEAD = 8;
    /** How long a producer waits for a consumer that takes nothing before it gives up the read. */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final List<Object> END = List.of();

    private final BlockingQueue<List<?>> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final long stallNanos;
    /** When the consumer last took a chunk of this read (of any of its parts), in {@link System#nanoTime}. */
    private final AtomicLong lastTake;
    private List<T> filling = new ArrayList<>(CHUNK);
    private volatile Throwable failure;
    private volatile boolean abandoned;

    public Handoff() {
        this(STALL_LIMIT);
    }

    /** @param stallLimit how long the producer waits for a consumer that takes nothing before it gives up */
    public Handoff(Duration stallLimit) {
        this(stallLimit.toNanos(), new AtomicLong(System.nanoTime()));
    }

    private Handoff(long stallNanos, AtomicLong lastTake) {
        this.stallNanos = stallNanos;
        this.lastTake = lastTake;
    }

    /** A handoff for the next part of the same read: its producer counts a stall from the consumer's last take of any part. */
    public Handoff<T> next() {
        return new Handoff<>(stallNanos, lastTake);
    }

    /** The consumer took nothing for the stall limit: its client stopped reading, and the read gave up. */
    public static final class StalledConsumerException extends StoreException {
        StalledConsumerException(long seconds) {
            super("the reader of this scan took nothing for " + seconds + " s", null);
        }
    }

    /** Producer: adds a row, passing a full chunk on. */
    public void put(T row) {
        filling.add(row);
        if (filling.size() == CHUNK) {
            pass(filling);
            filling = new ArrayList<>(CHUNK);
        }
    }

    /** Producer: passes the last rows on and marks the end. */
    public void finish() {
        if (!filling.isEmpty()) pass(filling);
        pass(END);
    }

    /** Producer: the read failed; the consumer rethrows it. */
    public void fail(Throwable e) {
        failure = e;
        queue.clear(); // the consumer need not see rows it would drop anyway, and END must fit
        queue.offer(END);
    }

    /** Consumer: feeds every row to {@code sink} until the end, in order. */
    @SuppressWarnings("unchecked")
    public void drain(Consumer<T> sink) {
        try {
            while (true) {
                List<?> chunk = queue.take();
                lastTake.set(System.nanoTime());
                if (chunk == END) break;
                for (Object row : chunk) sink.accept((T) row);
            }
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while reading", e);
        } catch (RuntimeException | Error e) {
            abandon();
            throw e;
        }
        Throwable e = failure;
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new StoreException("could not read from the store", e);
    }

    /** Consumer: stops early; the producer gives up at its next chunk. */
    public void abandon() {
        abandoned = true;
        queue.clear();
    }

    private void pass(List<?> chunk) {
        if (abandoned) throw new StoreException("the reader of this scan went away", null);
        long since = System.nanoTime();
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned) throw new StoreException("the reader of this scan went away", null);
                long waited = System.nanoTime() - Math.max(since, lastTake.get());
                if (waited > stallNanos) throw new StalledConsumerException(stallNanos / 1_000_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while reading", e);
        }
    }
}
