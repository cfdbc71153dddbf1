package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.entry.LeafTemplate;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.FailureFlood;
import dev.auditlog.core.store.GroupCommitQueue;
import dev.auditlog.core.store.StoreGauge;
import dev.auditlog.core.store.LogSigners;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.TiledTree;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes entries for every tenant of the embedded store, one batch at a time, on the single thread of a
 * {@link GroupCommitQueue} (why one thread, and how batches form, is explained there).
 *
 * <h2>A batch</h2>
 * Resolve idempotency keys, give each new event its seq, time and id, hash it into its tenant's tree (the
 * caller already built its salt, commitment and leaf template), collect its row, the completed tile roots and
 * one signed checkpoint per touched tenant, and append all of them to the {@link Journal} as one record,
 * forced to disk. Only then are the callers' futures completed: an acknowledged entry is durable. If anything
 * fails before that, the trees are truncated back to their marks and every caller of the batch gets the
 * error; nothing half-written stays. Then the batch goes to the {@link JournalApplier}, which writes it into
 * DuckDB behind the acknowledgements (why: see {@link Journal}).
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_BATCH_EVENTS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final FailureFlood FAILURES = new FailureFlood(LOG, 30_000);

    /**
     * An event with its salt, personal commitment and the columns of its row that do not depend on its place,
     * computed and encoded by the caller before it queues.
     */
    record Sealed(Event event, byte[] salt, LeafTemplate leaf, TableRow.Encoded columns) {
        static Sealed of(Event event) {
            byte[] salt = EntryIds.newSalt();
            return new Sealed(event, salt, LeafTemplate.of(event, salt),
                    EntryRows.eventColumns(event, EntryRows.details(event, salt, null, LeafEncoding.VERSION)));
        }
    }

    /** What the writer thread is asked to do: append a request's events, or start a new journal segment. */
    private sealed interface Work permits Append, Roll {
    }

    private record Append(TenantLog log, List<Sealed> events, CompletableFuture<List<Appended>> done) implements Work {
    }

    private record Roll(CompletableFuture<Long> done) implements Work {
    }

    /** What a batch produced, before it is journaled. */
    private record Written(List<List<Appended>> answers, List<TableRow> rows, Map<TenantLog, Checkpoint> checkpoints,
                           Map<TenantLog, List<byte[]>> leaves, Map<TenantLog, List<Entry>> keyed) {
    }

    private final DuckDBConnection connection;
    private final LogSigners signers;
    private final Clock clock;
    private final Journal journal;
    private final JournalApplier applier;
    private final TableRow.Buffer record = TableRow.Buffer.direct(1 << 20);
    private final GroupCommitQueue<Work> queue;

    /**
     * @param connection used only to look idempotency keys up in entries DuckDB already holds
     */
    GroupCommitWriter(DuckDBConnection connection, LogSigners signers, Clock clock, Journal journal, JournalApplier applier) {
        this.connection = connection;
        this.signers = signers;
        this.clock = clock;
        this.journal = journal;
        this.applier = applier;
        queue = new GroupCommitQueue<>("auditlog-writer", MAX_BATCH_EVENTS,
                w -> w instanceof Append a ? a.events.size() : 0, this::run);
    }

    StoreGauge waitingGauge() {
        return queue.waitingGauge();
    }

    /**
     * Holds the writer ({@link GroupCommitQueue#hold}) for an erasure's last pass: once it has committed what is queued,
     * it commits only the appends submitted through the hold, until the hold is closed.
     */
    Held hold() {
        return new Held(queue.hold());
    }

    /** The writer held: see {@link #hold}. */
    final class Held implements AutoCloseable {
        private final GroupCommitQueue<Work>.Held held;

        private Held(GroupCommitQueue<Work>.Held held) {
            this.held = held;
        }

        /** Commits these events, ahead of every append queued meanwhile; returns once they are committed (or failed). */
        CompletableFuture<List<Appended>> submit(TenantLog log, List<Sealed> events) {
            Append request = new Append(log, events, new CompletableFuture<>());
            held.commit(request);
            return request.done();
        }

        /** {@link GroupCommitWriter#forgetJournaled()} while held. */
        void forgetJournaled() {
            GroupCommitWriter.this.forgetJournaled(held::commit);
        }

        @Override
        public void close() {
            held.close();
        }
    }

    CompletableFuture<List<Appended>> submit(TenantLog log, List<Sealed> events) {
        CompletableFuture<List<Appended>> done = new CompletableFuture<>();
        if (events.isEmpty()) {
            done.complete(List.of());
        } else if (!queue.offer(new Append(log, events, done))) {
            done.completeExceptionally(new StoreException("the store is closed", null));
        }
        return done;
    }

    /**
     * Makes the journal forget every batch written so far: starts a new segment, waits until DuckDB holds
     * everything before it (a minute at most, and not while the applier fails), and deletes the old segments. An
     * erasure and a prune call this so that no raw copy of the rows they changed outlives them in the journal.
     */
    void forgetJournaled() {
        forgetJournaled(roll -> {
            if (!queue.offer(roll)) throw new StoreException("the store is closed", null);
        });
    }

    /** As {@link #forgetJournaled()}, handing the writer the request to start a new segment through {@code send}. */
    private void forgetJournaled(Consumer<Roll> send) {
        CompletableFuture<Long> rolled = new CompletableFuture<>();
        send.accept(new Roll(rolled));
        try {
            long last = rolled.get();
            applier.awaitApplied(last, TimeUnit.MINUTES.toNanos(1));
            journal.release(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the journal", e);
        } catch (ExecutionException e) {
            throw new StoreException("could not start a new journal segment", e.getCause());
        }
    }

    private void run(List<Work> work) {
        List<Append> appends = new ArrayList<>(work.size());
        for (Work w : work) if (w instanceof Append a) appends.add(a);
        if (!appends.isEmpty()) commit(appends);
        for (Work w : work) {
            if (w instanceof Roll roll) {
                try {
                    journal.roll();
                    roll.done.complete(journal.lastNumber());
                } catch (IOException | RuntimeException e) {
                    roll.done.completeExceptionally(e);
                }
            }
        }
    }

    private void commit(List<Append> queued) {
        List<Append> batch = signers.signable(queued, r -> r.log.tenant, (r, refusal) -> r.done.completeExceptionally(refusal));
        if (batch.isEmpty()) return;
        Map<TenantLog, TiledTree.Mark> marks = new LinkedHashMap<>();
        Map<TenantLog, Long> clockMarks = new HashMap<>();
        for (Append r : batch) {
            marks.computeIfAbsent(r.log, l -> l.tree.mark());
            clockMarks.putIfAbsent(r.log, r.log.lastRecordedMs);
        }
        Written written;
        long number;
        try {
            written = write(batch, marks.keySet());
            record.clear();
            TableRow.encode(written.rows, record);
            number = journal.append(record.written());
        } catch (IOException | SQLException | RuntimeException e) {
            FAILURES.error(e, "append batch of {} requests failed; nothing of it was kept", batch.size());
            marks.forEach((log, mark) -> log.tree.truncate(mark));
            clockMarks.forEach((log, ms) -> log.lastRecordedMs = ms);
            StoreException failure = new StoreException("could not store the events", e);
            for (Append r : batch) r.done.completeExceptionally(failure);
            return;
        }
        written.checkpoints.forEach(TenantLog::publish);
        written.leaves.forEach((log, hashes) -> log.leafFile.append(marks.get(log).size(), hashes));
        written.keyed.forEach((log, entries) -> entries.forEach(log::pending));
        for (int i = 0; i < batch.size(); i++) batch.get(i).done.complete(written.answers.get(i));
        Map<TenantLog, Long> sizes = new HashMap<>();
        written.checkpoints.forEach((log, cp) -> sizes.put(log, cp.size()));
        applier.submit(JournalApplier.Batch.offHeapCopy(number, record.written(), written.rows.size(), sizes));
    }

    private Written write(List<Append> batch, Iterable<TenantLog> touched) throws SQLException {
        Map<TenantLog, Map<String, Entry>> known = knownKeys(batch);
        List<List<Appended>> results = new ArrayList<>(batch.size());
        List<TableRow> rows = new ArrayList<>();
        List<TableRow> tiles = new ArrayList<>();
        Map<TenantLog, List<Entry>> keyed = new HashMap<>();
        Map<TenantLog, List<byte[]>> leaves = new HashMap<>();
        for (Append r : batch) {
            Map<String, Entry> keys = known.get(r.log);
            List<Appended> answers = new ArrayList<>(r.events.size());
            for (Sealed sealed : r.events) {
                Event event = sealed.event;
                Entry earlier = event.idempotencyKey() == null ? null : keys.get(event.idempotencyKey());
                if (earlier != null) {
                    answers.add(new Appended(earlier, true));
                    continue;
                }
                Entry entry = place(r.log, sealed);
                r.log.tree.append(entry.leafHash(), (index, hash) ->
                        tiles.add(new TableRow(TableRow.Table.TILES, new Object[] {r.log.tenantText, index, hash})));
                leaves.computeIfAbsent(r.log, l -> new ArrayList<>()).add(entry.leafHash());
                rows.add(EntryRows.row(r.log.tenantText, entry, sealed.columns));
                if (event.idempotencyKey() != null) {
                    keys.put(event.idempotencyKey(), entry);
                    keyed.computeIfAbsent(r.log, l -> new ArrayList<>()).add(entry);
                }
                answers.add(new Appended(entry, false));
            }
            results.add(answers);
        }
        rows.addAll(tiles);
        Map<TenantLog, Checkpoint> signed = new LinkedHashMap<>();
        for (TenantLog log : touched) {
            Checkpoint cp = signers.of(log.tenant).signCheckpoint(TenantKeyring.origin(log.tenant), log.tree.size(), log.tree.root());
            signed.put(log, cp);
            rows.add(Checkpoints.row(log.tenant, cp, log.tree.peaks(), clock.millis()));
        }
        return new Written(results, rows, signed, leaves, keyed);
    }

    private Entry place(TenantLog log, Sealed sealed) {
        long now = Math.max(clock.millis(), log.lastRecordedMs);
        log.lastRecordedMs = now;
        String id = EntryIds.newId(now);
        long seq = log.tree.size();
        Instant recordedAt = Instant.ofEpochMilli(now);
        return new Entry(log.tenant, id, seq, recordedAt, sealed.event, sealed.salt, null,
                sealed.leaf.leafHash(id, seq, recordedAt), LeafEncoding.VERSION);
    }

    /**
     * Entries already acknowledged under the idempotency keys this batch carries, per tenant: first those the
     * applier has not yet written (a key leaves that list only once DuckDB holds its entry, so looking there
     * first misses none), then DuckDB for the rest.
     */
    private Map<TenantLog, Map<String, Entry>> knownKeys(List<Append> batch) throws SQLException {
        Map<TenantLog, List<String>> wanted = new LinkedHashMap<>();
        Map<TenantLog, Map<String, Entry>> known = new HashMap<>();
        for (Append r : batch) {
            List<String> keys = wanted.computeIfAbsent(r.log, l -> new ArrayList<>());
            Map<String, Entry> found = known.computeIfAbsent(r.log, l -> new HashMap<>());
            for (Sealed e : r.events) {
                if (!e.event.keyMayRepeat()) continue;
                String key = e.event.idempotencyKey();
                Entry pending = r.log.pendingEntry(key);
                if (pending != null) found.put(key, pending);
                else keys.add(key);
            }
        }
        for (Map.Entry<TenantLog, List<String>> w : wanted.entrySet()) {
            if (w.getValue().isEmpty()) continue;
            Map<String, Entry> found = known.get(w.getKey());
            String marks = String.join(",", w.getValue().stream().map(k -> "?").toList());
            try (PreparedStatement st = connection.prepareStatement("SELECT " + Schema.ENTRY_COLUMNS
                    + " FROM entries WHERE tenant = ? AND idempotency_key IN (" + marks + ")")) {
                st.setString(1, w.getKey().tenant);
                int p = 2;
                for (String k : w.getValue()) st.setString(p++, k);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Entry e = EntryRows.read(rs);
                        found.putIfAbsent(e.event().idempotencyKey(), e);
                    }
                }
            }
        }
        return known;
    }

    /** Finishes every request already queued, then stops. */
    @Override
    public void close() {
        for (Work left : queue.closeAndDrain()) {
            StoreException closed = new StoreException("the store is closed", null);
            switch (left) {
                case Append a -> a.done.completeExceptionally(closed);
                case Roll r -> r.done.completeExceptionally(closed);
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }

}
