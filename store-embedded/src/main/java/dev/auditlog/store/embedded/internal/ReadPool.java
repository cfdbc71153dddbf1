package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.Handoff;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.StoreGauge;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * A bounded pool of platform threads, each with its own DuckDB connection, on which every read runs.
 *
 * <p>Why: callers are virtual threads (one per HTTP request); a JNI call into DuckDB pins its carrier, and
 * an unbounded number of concurrent scans would only fight over the same two cores. A few platform threads
 * keep the database busy and let any number of virtual threads wait for them cheaply.
 *
 * <p>Streamed reads (exports, scans) run on threads of their own, apart from the short reads (a page of the log, an
 * entry, a count). A stream's producer waits for its consumer, and so for the client reading the download: clients
 * that read slowly, or not at all, would otherwise hold every read thread, and every tenant's pages and queries would
 * wait behind them. They now hold at most the stream threads, a stalled one for {@link Handoff#STALL_LIMIT}.
 */
final class ReadPool implements AutoCloseable {
    /** Work done with a connection of the pool. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How many parts of a {@link #stream(List, Consumer) read in parts} run at once. */
    static final int PARTS_AHEAD = 2;

    /** Set on the pool's own threads: a read that needs another read (a proof inside an export) runs inline. */
    private static final ThreadLocal<Boolean> ON_POOL_THREAD = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor executor;
    private final ThreadPoolExecutor streams;
    private final ThreadLocal<Connection> connection;
    private final List<Connection> opened = new ArrayList<>();

    /** @param threads threads for short reads; {@code streamThreads} for streamed ones */
    ReadPool(DuckDBConnection root, int threads, int streamThreads) {
        executor = threads("auditlog-read-", threads);
        streams = threads("auditlog-stream-", streamThreads);
        connection = ThreadLocal.withInitial(() -> {
            try {
                Connection c = root.duplicate();
                // a duplicate takes the root's auto-commit mode, which replaying the journal on open turns off for a while
                c.setAutoCommit(true);
                synchronized (opened) {
                    opened.add(c);
                }
                return c;
            } catch (SQLException e) {
                throw new StoreException("could not open a read connection", e);
            }
        });
    }

    private static ThreadPoolExecutor threads(String prefix, int count) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().name(prefix + n.incrementAndGet()).daemon(true).unstarted(() -> {
                    ON_POOL_THREAD.set(true);
                    r.run();
                }));
    }

    /** Reads running and waiting for a thread, in each lane: {@code reads} (short ones) and {@code streams}. */
    List<StoreGauge> gauges() {
        List<StoreGauge> gauges = new ArrayList<>();
        for (var lane : Map.of("reads", executor, "streams", streams).entrySet()) {
            Map<String, String> tags = Map.of("lane", lane.getKey());
            ThreadPoolExecutor threads = lane.getValue();
            gauges.add(new StoreGauge("auditlog.store.reads.running", "Reads running on the embedded store's read threads",
                    tags, threads::getActiveCount));
            gauges.add(new StoreGauge("auditlog.store.reads.waiting", "Reads waiting for one of the embedded store's read threads",
                    tags, () -> threads.getQueue().size()));
        }
        return gauges;
    }

    <T> T call(SqlWork<T> work) {
        if (ON_POOL_THREAD.get()) return runHere(work);
        Future<T> result = executor.submit(() -> runHere(work));
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("could not read from the store", e.getCause());
        }
    }

    /** A read that passes each row it reads to {@code rows}. */
    @FunctionalInterface
    interface RowReader<R> {
        void read(Connection connection, Consumer<R> rows) throws SQLException;
    }

    /**
     * Runs {@code reader} on a pool thread and feeds its rows to {@code sink} on the calling thread while it
     * reads (see {@link Handoff}). On a pool thread already, the sink runs inline. The sink must not itself
     * read through this pool: with every pool thread producing for a blocked consumer, it would wait forever.
     */
    <R> void stream(RowReader<R> reader, Consumer<R> sink) {
        stream(List.of(reader), sink);
    }

    /**
     * Like {@link #stream(RowReader, Consumer)} for a read made of parts whose rows follow one another: each part
     * runs as a task of its own, and the next part's task starts while the caller still consumes the current
     * part's rows, so the database answers part n + 1 (DuckDB runs a whole query before handing over its first
     * row) while the caller works on part n. A long read thus holds at most {@value #PARTS_AHEAD} pool threads,
     * each for one part, and reads queued meanwhile run between its parts.
     */
    <R> void stream(List<RowReader<R>> parts, Consumer<R> sink) {
        if (ON_POOL_THREAD.get()) {
            for (RowReader<R> part : parts) {
                runHere(c -> {
                    part.read(c, sink);
                    return null;
                });
            }
            return;
        }
        ArrayDeque<Handoff<R>> started = new ArrayDeque<>();
        Handoff<R> latest = null;
        int next = 0;
        try {
            while (next < parts.size() || !started.isEmpty()) {
                while (next < parts.size() && started.size() < PARTS_AHEAD) {
                    latest = latest == null ? new Handoff<>() : latest.next(); // the parts share the consumer's clock
                    started.add(start(parts.get(next++), latest));
                }
                started.peek().drain(sink);
                started.poll();
            }
        } finally {
            for (Handoff<R> h : started) h.abandon();
        }
    }

    /** Starts a part on a pool thread, its rows going into {@code handoff}, which it returns. */
    private <R> Handoff<R> start(RowReader<R> part, Handoff<R> handoff) {
        streams.execute(() -> {
            try {
                runHere(c -> {
                    part.read(c, handoff::put);
                    return null;
                });
                handoff.finish();
            } catch (Throwable e) { // the consumer must hear of any failure, or it waits forever
                handoff.fail(e);
            }
        });
        return handoff;
    }

    private <T> T runHere(SqlWork<T> work) {
        try {
            return work.run(connection.get());
        } catch (SQLException e) {
            throw new StoreException("could not read from the store", e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        streams.shutdown();
        synchronized (opened) {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
