package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.FailureFlood;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.GroupCommitQueue;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes journaled batches into DuckDB, behind the acknowledgements, on a thread of its own.
 *
 * <p>The {@link Journal} made every batch it receives durable already, so the applier's only duties are order
 * and catching up: on a {@link GroupCommitQueue} of its own, it takes every batch waiting (which merges many
 * small ones into one DuckDB transaction, as that queue does for the writer; when few are waiting and no read
 * waits, it {@linkplain #LINGER lingers} for more first), writes their rows with the number of the last batch into
 * {@code journal_applied} in one transaction, and then tells each tenant's log how far DuckDB now holds it
 * (reads wait for that, {@link TenantLog#awaitApplied}) and lets the journal delete what it no longer needs.
 *
 * <p>Failure: an acknowledged batch cannot be refused, so a failing transaction is rolled back and retried,
 * with a growing pause, until it succeeds or the store closes (then the journal replays it, and every later
 * one, on the next open: nothing after it is applied, so {@code journal_applied} never skips it). Backpressure: when the batches waiting hold more than {@link #MAX_WAITING_BYTES} of journal
 * records, the writer waits in {@link #submit}; so a slow disk or a long WAL fold bounds the memory the
 * waiting rows hold instead of growing it.
 */
final class JournalApplier implements AutoCloseable {
    /**
     * 128 MB of records is about 240,000 entries, over 3 seconds at half the maximum ingest rate: room for DuckDB's
     * WAL folds (well under a second on 2 cores), and at most about a second of DuckDB's work left behind when
     * ingest stops. Reads wait for that work, and it runs on one core: at 256 MB, a run of 1 M events at the
     * maximum rate ended with 1.5-2.2 s of it, and 0.6-1.3 s at 128 MB (with {@link #LINGER}). An eighth of the
     * heap on small heaps.
     */
    static final long MAX_WAITING_BYTES = Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
    /**
     * Before a transaction of fewer than 60,000 rows, the applier waits up to 300 ms for more, unless a read
     * waits for it ({@link #hurry}): DuckDB spends less CPU per row on fewer, larger transactions. A run of 1 M
     * events at the maximum rate into a new store: applier 4.1-4.2 s of CPU against 4.8-4.9 s without lingering,
     * 132,000-147,000 events/s until the file held them against 120,000-142,000 (ten runs each, median about
     * 141,000 against 136,000). Half as many rows per transaction helped less, 90,000 (at the 128 MB bound) hurt.
     */
    static final GroupCommitQueue.Linger LINGER = new GroupCommitQueue.Linger(60_000, TimeUnit.MILLISECONDS.toNanos(300));
    /** How often a read still waiting for the applier tells it again not to linger ({@link #hurry}). */
    static final long HURRY_EVERY_NANOS = LINGER.nanos() / 2;
    /**
     * A transaction stops growing once it holds this many rows: fewer than a DuckDB row group (122,880 rows) with
     * room for one more batch of the writer's. Why: DuckDB writes each row group a transaction fills straight into
     * the file, after the table's last row group, which stays part-filled; every later checkpoint then merges such
     * row groups and rewrites much of the table. With transactions of up to 64 MB (about 120,000 entries) closing a
     * store of 5 M entries took 2.6–5.5 s against 0.3–0.6 s, and later runs into it fell to 68,000–105,000 events/s.
     */
    static final int MAX_ROWS_PER_TRANSACTION = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(JournalApplier.class);
    private static final FailureFlood FAILURES = new FailureFlood(LOG, 30_000);
    private static final long MAX_PAUSE_MS = 5_000;

    /**
     * A journaled batch: its record number, its record ({@link TableRow#encode}) and how many table rows that holds,
     * each touched log's size after it.
     * The record is held outside the Java heap: while DuckDB folds its WAL, a second's worth of records waits here,
     * and on the heap every young collection copied them (pauses of 30–90 ms at half the maximum ingest rate).
     */
    record Batch(long number, ByteBuffer record, int rows, Map<TenantLog, Long> sizes) {
        static Batch offHeapCopy(long number, ByteBuffer record, int rows, Map<TenantLog, Long> sizes) {
            return new Batch(number, ByteBuffer.allocateDirect(record.remaining()).put(record.duplicate()).flip(), rows, sizes);
        }

        int bytes() {
            return record.remaining();
        }
    }

    /** Opens a connection to the store's database, for the applier's own. */
    @FunctionalInterface
    interface Connections {
        DuckDBConnection open() throws SQLException;
    }

    private final Connections connections;
    /** Only the applier thread uses it (and {@link #close}, once that thread has ended). */
    private DuckDBConnection connection;
    private final Journal journal;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** Held through each transaction the applier runs; see {@link #checkpoint}. */
    private final ReentrantLock transaction = new ReentrantLock();
    private final GroupCommitQueue<Batch> queue;
    /** Guarded by {@link #lock}. */
    private long waitingBytes;
    /** The last batch DuckDB holds. Guarded by {@link #lock}. */
    private long applied;
    private volatile boolean closing;
    /** Why the last attempt to apply failed, while the applier retries; null when it works. */
    private volatile String failing;
    /** Set on the applier thread when a batch could not be applied before closing: no later one may be. */
    private boolean gaveUp;

    JournalApplier(Connections connections, Journal journal, long applied) throws SQLException {
        this.connections = connections;
        this.connection = connections.open();
        this.journal = journal;
        this.applied = applied;
        this.queue = new GroupCommitQueue<>("auditlog-applier", MAX_ROWS_PER_TRANSACTION, LINGER, Batch::rows, this::applyGroup);
    }

    /** Queues a journaled batch; waits while too much is queued already. Only the writer thread calls this. */
    void submit(Batch batch) {
        lock.lock();
        try {
            while (waitingBytes > MAX_WAITING_BYTES && !closing) drained.awaitUninterruptibly();
            waitingBytes += batch.bytes();
        } finally {
            lock.unlock();
        }
        if (!queue.offer(batch)) LOG.error("journal record {} arrived after the applier closed; the next start replays it", batch.number);
    }

    /** Someone waits for DuckDB to hold what is queued: apply it without lingering. */
    void hurry() {
        queue.hurry();
    }

    /**
     * Waits until DuckDB holds every batch up to {@code number}, as reads do ({@link TenantLog#awaitApplied}): it fails
     * at once while the applier fails, and after {@code timeoutNanos}. Why: an erasure's cleanup waits here while it
     * holds the store's lock, and on a full disk it waited until space came back, and every admin request with it.
     *
     * @throws StoreException saying why DuckDB does not hold them
     */
    void awaitApplied(long number, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (applied < number) {
                if (failing != null) throw new StoreException(failing, null);
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new StoreException("the database is behind the journal", null);
                hurry();
                drained.await(Math.min(left, HURRY_EVERY_NANOS), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of journal records waiting to be applied. */
    long waitingBytes() {
        lock.lock();
        try {
            return waitingBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Why the applier cannot apply batches right now, while it retries. */
    Optional<String> problem() {
        return Optional.ofNullable(failing);
    }

    /** The last batch DuckDB holds. */
    long applied() {
        lock.lock();
        try {
            return applied;
        } finally {
            lock.unlock();
        }
    }

    private void applyGroup(List<Batch> group) {
        if (gaveUp) return;
        try {
            if (applyUntilDone(group)) finish(group);
            else gaveUp = true;
        } catch (InterruptedException e) {
            gaveUp = true;
            Thread.currentThread().interrupt();
        }
    }

    private boolean applyUntilDone(List<Batch> group) throws InterruptedException {
        long pause = 50;
        List<ByteBuffer> records = group.stream().map(b -> b.record.duplicate()).toList();
        boolean again = false;
        while (true) {
            transaction.lock();
            try {
                apply(connection, records, group.getLast().number, again);
                if (again) LOG.info("applied journal records {} to {} after all", group.getFirst().number, group.getLast().number);
                failing = null;
                return true;
            } catch (SQLException | RuntimeException e) {
                if (closing) {
                    LOG.error("could not apply journal records {} to {} before closing; the next start replays them",
                            group.getFirst().number, group.getLast().number, e);
                    return false;
                }
                FAILURES.error(e, "could not apply journal records {} to {}; retrying every {} ms at most (reads fail meanwhile)",
                        group.getFirst().number, group.getLast().number, MAX_PAUSE_MS);
                failing = "the database cannot take acknowledged appends (" + e.getMessage() + "), so reads cannot be answered";
                reconnect();
            } finally {
                transaction.unlock();
            }
            again = true;
            Thread.sleep(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
    }

    /**
     * Replaces the applier's connection after a failure. Why: after a commit failed (a full disk), DuckDB's JDBC
     * connection was left believing auto-commit off while DuckDB had none open, so every later attempt ran its
     * statements and appenders each in a transaction of their own and then failed to commit: it never recovered,
     * even once space was freed. A new connection starts clean.
     */
    private void reconnect() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the failed applier connection failed", e);
        }
        try {
            connection = connections.open();
        } catch (SQLException e) {
            LOG.error("could not open a new connection for the applier; trying again with the next attempt", e);
        }
    }

    /**
     * Runs DuckDB's CHECKPOINT on {@code c} between the applier's transactions: DuckDB refuses it beside another
     * write transaction, and appends, so the applier's transactions, go on during an erasure or a prune. (The
     * store's own writes on its root connection are serialised by the store.)
     */
    void checkpoint(Connection c) throws SQLException {
        transaction.lock();
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } finally {
            transaction.unlock();
        }
    }

    private void finish(List<Batch> group) {
        long last = group.getLast().number;
        lock.lock();
        try {
            applied = last;
            for (Batch b : group) waitingBytes -= b.bytes();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        for (Batch b : group) b.sizes.forEach(TenantLog::applied); // lets reads go on, after the backlog shrank
        journal.release(last);
    }

    /**
     * Writes the rows of consecutive journal records and records {@code through} as the last one applied, in one
     * transaction. Used by the applier thread and, on open, to replay the journal.
     *
     * <p>Why {@code again}: DuckDB's appender joins an open transaction but commits on its own when there is none,
     * and a failure inside DuckDB (a full disk) can end the transaction under the appenders: the rows they still held
     * were then committed on their own, and a retry of the same records would add them twice (a full disk left ten
     * tile roots twice, and the store could not open). So a retry, and a replay on open (whose records an earlier run
     * may have failed to apply the same way), first removes whatever rows of these records the database holds, in the
     * same transaction: the journal, which holds them durably, puts them back. No acknowledged entry is ever removed
     * by this, only a copy of it about to be written again.
     *
     * @param again the records may have been applied in part before
     * @throws IllegalArgumentException if a record is malformed
     */
    static void apply(DuckDBConnection c, List<ByteBuffer> records, long through, boolean again) throws SQLException {
        c.setAutoCommit(false);
        try {
            // Turning auto-commit off opens no transaction: a statement does. So one runs first, for the appenders to
            // join (the crash test caught this once).
            try (Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
            if (again) removeRowsOf(c, records);
            try (DuckDBAppender entries = TableRow.Table.ENTRIES.appender(c);
                 DuckDBAppender tiles = TableRow.Table.TILES.appender(c);
                 DuckDBAppender checkpoints = TableRow.Table.CHECKPOINTS.appender(c)) {
                for (ByteBuffer record : records) {
                    for (TableRow row : TableRow.decode(record.duplicate())) {
                        row.appendTo(switch (row.table()) {
                            case ENTRIES -> entries;
                            case TILES -> tiles;
                            case CHECKPOINTS -> checkpoints;
                        });
                    }
                }
                entries.flush();
                tiles.flush();
                checkpoints.flush();
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE journal_applied SET batch = ?")) {
                st.setLong(1, through);
                st.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException autoCommitFailure) {
                // Turning auto-commit on commits, and fails with "no transaction is active" after a failed commit: it
                // must not hide the failure that matters (a full disk), which the log is there to tell.
                e.addSuppressed(autoCommitFailure);
            }
            throw e;
        }
        c.setAutoCommit(true);
    }

    /** Deletes the rows the records hold, by each table's key range per tenant (a batch's keys are consecutive). */
    private static void removeRowsOf(DuckDBConnection c, List<ByteBuffer> records) throws SQLException {
        Map<TableRow.Table, Map<String, long[]>> ranges = new EnumMap<>(TableRow.Table.class);
        for (ByteBuffer record : records) {
            for (TableRow row : TableRow.decode(record.duplicate())) {
                ranges.computeIfAbsent(row.table(), t -> new HashMap<>()).merge(row.tenant(), new long[] {row.key(), row.key()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        for (Map.Entry<TableRow.Table, Map<String, long[]>> table : ranges.entrySet()) {
            String sql = "DELETE FROM " + table.getKey().sqlName + " WHERE tenant = ? AND " + table.getKey().keyColumn + " BETWEEN ? AND ?";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (Map.Entry<String, long[]> tenant : table.getValue().entrySet()) {
                    st.setString(1, tenant.getKey());
                    st.setLong(2, tenant.getValue()[0]);
                    st.setLong(3, tenant.getValue()[1]);
                    int removed = st.executeUpdate();
                    if (removed > 0) {
                        LOG.warn("removed {} {} rows of tenant {} left by an earlier attempt to apply them; the journal writes them again",
                                removed, table.getKey().sqlName, tenant.getKey());
                    }
                }
            }
        }
    }

    /** Applies every batch already queued, then stops. */
    @Override
    public void close() {
        closing = true;
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        queue.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the applier connection failed", e);
        }
    }
}
