package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.TiledTree;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory state of one tenant's log: its tree, its latest signed checkpoint, its clock floor, the file
 * copy of its leaf hashes that proofs read first, and how far DuckDB holds it.
 *
 * <p>Acknowledged entries reach DuckDB a moment after their acknowledgement ({@link Journal}), so every read
 * first waits until DuckDB holds the log up to its published checkpoint ({@link #awaitApplied}); and the
 * idempotency keys of entries not yet there are kept here, where the writer looks before it asks DuckDB.
 */
final class TenantLog {
    /** How long a read waits for DuckDB to catch up before it fails; the applier retries failures meanwhile. */
    private static final long APPLY_WAIT_SECONDS = 60;

    final String tenant;
    /** The tenant id as the journal's rows carry it, encoded once. */
    final TableRow.Text tenantText;
    final TiledTree tree;
    final LeafHashFile leafFile;
    private volatile Checkpoint checkpoint;
    /** recorded_at never goes backwards within a log, even if the wall clock does. */
    long lastRecordedMs;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appliedMoved = lock.newCondition();
    /** Entries DuckDB holds: seqs {@code [0, appliedSize)}. */
    private volatile long appliedSize;
    /** Idempotency keys of entries acknowledged but not yet in DuckDB; written by the writer, trimmed by the applier. */
    private final Map<String, Entry> pendingKeys = new ConcurrentHashMap<>();
    /** The same keys in seq order, so the applier trims them without a search. Guarded by itself. */
    private final Queue<Entry> pendingOrder = new ArrayDeque<>();
    /** What a read waiting for DuckDB needs of the applier. */
    interface Applier {
        /** A read waits: apply without lingering. */
        void hurry();

        /** Why the applier cannot apply right now, while it retries (a full disk): a read then fails at once. */
        Optional<String> problem();
    }

    private final Applier applier;

    TenantLog(String tenant, TiledTree tree, LeafHashFile leafFile, Checkpoint checkpoint, long lastRecordedMs,
              Applier applier) {
        this.tenant = tenant;
        this.applier = applier;
        this.tenantText = TableRow.Text.of(tenant);
        this.tree = tree;
        this.leafFile = leafFile;
        tree.readTilesFirstFrom(leafFile::read);
        this.checkpoint = checkpoint;
        this.lastRecordedMs = lastRecordedMs;
        this.appliedSize = checkpoint.size();
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    void publish(Checkpoint signed) {
        checkpoint = signed;
    }

    /** Waits until DuckDB holds every entry of the published checkpoint; returns that checkpoint. */
    Checkpoint awaitApplied() {
        Checkpoint published = checkpoint;
        awaitApplied(published.size());
        return published;
    }

    /** Waits until DuckDB holds seqs {@code [0, size)}. */
    void awaitApplied(long size) {
        if (appliedSize >= size) return;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(APPLY_WAIT_SECONDS);
        lock.lock();
        try {
            while (appliedSize < size) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new StoreException("the database is behind the journal; try again shortly", null);
                Optional<String> problem = applier.problem();
                if (problem.isPresent()) throw new StoreException(problem.get(), null); // not a minute's wait for nothing
                applier.hurry();
                appliedMoved.awaitNanos(Math.min(left, JournalApplier.HURRY_EVERY_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database", e);
        } finally {
            lock.unlock();
        }
    }

    /** Called by the applier once DuckDB holds seqs {@code [0, size)}. */
    void applied(long size) {
        synchronized (pendingOrder) {
            Entry oldest;
            while ((oldest = pendingOrder.peek()) != null && oldest.seq() < size) {
                pendingOrder.poll();
                pendingKeys.remove(oldest.event().idempotencyKey(), oldest);
            }
        }
        lock.lock();
        try {
            appliedSize = Math.max(appliedSize, size);
            appliedMoved.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Remembers an acknowledged entry's idempotency key until DuckDB holds the entry. */
    void pending(Entry entry) {
        synchronized (pendingOrder) {
            pendingOrder.add(entry);
        }
        pendingKeys.put(entry.event().idempotencyKey(), entry);
    }

    /** The acknowledged entry not yet in DuckDB that carries {@code idempotencyKey}, or null. */
    Entry pendingEntry(String idempotencyKey) {
        return pendingKeys.get(idempotencyKey);
    }
}
