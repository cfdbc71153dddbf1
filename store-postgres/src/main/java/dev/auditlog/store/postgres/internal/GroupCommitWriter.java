package dev.auditlog.store.postgres.internal;

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
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

/**
 * The one thread of this process that writes entries: group commit for every tenant of the store.
 *
 * <h2>Why one writer per process, and a lock per tenant</h2>
 * Giving out seq numbers, extending the Merkle tree and signing a checkpoint must happen in one order per
 * tenant. Inside a process one thread does it, taking every request waiting in its queue at once, so N
 * concurrent callers cost one transaction and one WAL flush. Across processes sharing the database, each
 * batch transaction first takes {@code pg_advisory_xact_lock(hashtext(tenant))} for every tenant it touches
 * (in sorted order, so two servers never deadlock), then reads the tenant's latest checkpoint: if another
 * server advanced the log, the tree is rebuilt from the stored frontier and tile roots before appending.
 * The lock is held until commit, so seq numbers stay gap-free and commits become visible in seq order.
 *
 * <h2>A batch</h2>
 * Lock and refresh the touched tenants, resolve idempotency keys, give each new event its seq, time and id,
 * finish its leaf hash and hash it into its tenant's tree, then insert the rows, the completed tile roots and one signed
 * checkpoint (with its frontier) per tenant that grew, and commit. Only then are the callers' futures
 * completed: an acknowledged entry is durable. If anything fails the transaction rolls back, the touched
 * trees are marked stale (rebuilt on next use) and every caller of the batch gets the error.
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_BATCH_EVENTS = 20_000;
    /** While PostgreSQL is gone every batch fails alike, several a second. */
    private static final FailureFlood FAILURES = new FailureFlood(LoggerFactory.getLogger(GroupCommitWriter.class), 30_000);

    /**
     * An event with everything that does not depend on its place in the log, computed by the caller before it
     * queues: its salt, its leaf template and its row's middle columns. The single writer then only fills in
     * seq, time and id, and callers' threads do the hashing and encoding while the writer waits on a commit.
     */
    record Sealed(Event event, byte[] salt, LeafTemplate leaf, String columns) {
        static Sealed of(Event event) {
            byte[] salt = EntryIds.newSalt();
            return new Sealed(event, salt, LeafTemplate.of(event, salt),
                    EntryRows.placeIndependentColumns(event, salt));
        }
    }

    private record Request(TenantLog log, List<Sealed> events, CompletableFuture<List<Appended>> done) {
    }

    /** A new entry of the batch with the row columns its caller built. */
    private record Placed(Entry entry, String columns) {
    }

    /** One answer of a request: an entry stored before ({@code fresh < 0}) or the batch's entry at {@code fresh}. */
    private record Slot(Entry earlier, int fresh, boolean duplicate) {
    }

    private final Database db;
    private final Partitions partitions;
    private final LogSigners signers;
    private final Clock clock;
    private final LeafReader leaves;
    private final GroupCommitQueue<Request> queue;

    /** Gives the tree of a tenant its leaf reads. */
    @FunctionalInterface
    interface LeafReader {
        TiledTree.LeafSource of(String tenant);
    }

    GroupCommitWriter(Database db, Partitions partitions, LogSigners signers, Clock clock, LeafReader leaves) {
        this.db = db;
        this.partitions = partitions;
        this.signers = signers;
        this.clock = clock;
        this.leaves = leaves;
        queue = new GroupCommitQueue<>("auditlog-pg-writer", MAX_BATCH_EVENTS, r -> r.events.size(), this::commit);
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
        private final GroupCommitQueue<Request>.Held held;
        /** Whether {@link #appendWithin} wrote into the caller's transaction, whose end then decides the tree's state. */
        private boolean appendedWithin;

        private Held(GroupCommitQueue<Request>.Held held) {
            this.held = held;
        }

        /** Commits these events, ahead of every append queued meanwhile; returns once they are committed (or failed). */
        CompletableFuture<List<Appended>> submit(TenantLog log, List<Sealed> events) {
            Request request = new Request(log, events, new CompletableFuture<>());
            held.commit(request);
            return request.done();
        }

        /**
         * Appends these events in the caller's transaction on {@code c}, which has taken the tenant's advisory lock: an
         * erasure's record then commits with the rewrite it records, and no server appends to the log between the two.
         * The tenant's month partition must exist. Call {@link #ended} once the transaction has ended.
         */
        List<Appended> appendWithin(Connection c, TenantLog log, List<Sealed> events) throws SQLException {
            appendedWithin = true;
            // A tenant whose key this server lacks is refused by write() itself, as it signs (LogSigners.of)
            return write(c, List.of(new Request(log, events, new CompletableFuture<>())), List.of(log)).getFirst();
        }

        /** After {@link #appendWithin}, if it ran: the tree holds what committed, or is read again from the database. */
        void ended(TenantLog log, boolean committed) {
            if (appendedWithin) log.committed = committed ? log.tree.size() : TenantLog.STALE;
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
        } else if (!queue.offer(new Request(log, events, done))) {
            done.completeExceptionally(new StoreException("the store is closed", null));
        }
        return done;
    }

    private void commit(List<Request> queued) {
        List<Request> batch = signers.signable(queued, r -> r.log.tenant, (r, refusal) -> r.done.completeExceptionally(refusal));
        if (batch.isEmpty()) return;
        List<TenantLog> touched = batch.stream().map(Request::log).distinct()
                .sorted(Comparator.comparing(l -> l.tenant)).toList();
        try {
            for (TenantLog log : touched) {
                partitions.ensure(db, log.tenant, Math.max(clock.millis(), log.lastRecordedMs));
            }
            List<List<Appended>> answers = db.transaction(c -> write(c, batch, touched));
            for (TenantLog log : touched) log.committed = log.tree.size();
            for (int i = 0; i < batch.size(); i++) batch.get(i).done.complete(answers.get(i));
        } catch (Throwable e) { // even an Error must answer the callers, or they wait forever
            FAILURES.error(e, "append batch of {} requests failed; rolled back", batch.size());
            for (TenantLog log : touched) log.committed = TenantLog.STALE;
            StoreException failure = e instanceof StoreException known ? known : new StoreException("could not store the events", e);
            for (Request r : batch) r.done.completeExceptionally(failure);
        }
    }

    private List<List<Appended>> write(Connection c, List<Request> batch, List<TenantLog> touched) throws SQLException {
        Map<TenantLog, Long> sizes = new HashMap<>();
        for (TenantLog log : touched) {
            lock(c, log.tenant);
            catchUp(c, log);
            sizes.put(log, log.tree.size());
        }
        List<List<Slot>> slots = new ArrayList<>(batch.size());
        List<Placed> placed = place(batch, knownKeys(c, batch), slots);
        Map<String, TenantLog> byTenant = new HashMap<>();
        touched.forEach(log -> byTenant.put(log.tenant, log));
        List<Checkpoints.Tile> tiles = new ArrayList<>();
        StringBuilder rows = new StringBuilder(placed.size() * 600);
        for (Placed p : placed) {
            TenantLog log = byTenant.get(p.entry.tenant());
            log.tree.append(p.entry.leafHash(), (index, hash) -> tiles.add(new Checkpoints.Tile(log.tenant, index, hash)));
            EntryRows.copyLine(rows, p.entry, p.columns);
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(EntryRows.COPY, new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of the batch's entries failed", e);
        }
        Checkpoints.insertTiles(c, tiles);
        for (TenantLog log : touched) {
            if (log.tree.size() == sizes.get(log)) continue; // only duplicates: the latest checkpoint still holds
            Checkpoint cp = signers.of(log.tenant).signCheckpoint(TenantKeyring.origin(log.tenant), log.tree.size(), log.tree.root());
            Checkpoints.insert(c, log.tenant, cp, log.tree.peaks(), clock.millis());
        }
        List<List<Appended>> results = new ArrayList<>(batch.size());
        for (List<Slot> answers : slots) {
            results.add(answers.stream().map(a -> a.fresh < 0 ? new Appended(a.earlier, true)
                    : new Appended(placed.get(a.fresh).entry, a.duplicate)).toList());
        }
        return results;
    }

    /** Takes the tenant's advisory lock until the transaction on {@code c} ends: no server's writer appends to its log meanwhile. */
    static void lock(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            st.setString(1, tenant);
            st.execute();
        }
    }

    /** Rebuilds the tenant's tree from the database when another server (or a failed batch) moved it. */
    private void catchUp(Connection c, TenantLog log) throws SQLException {
        Checkpoints.Stored latest = Checkpoints.latest(c, log.tenant)
                .orElseThrow(() -> new IllegalStateException("tenant " + log.tenant + " has no checkpoint"));
        long size = latest.checkpoint().size();
        if (log.committed == size && log.tree != null && log.tree.size() == size) return;
        log.committed = TenantLog.STALE;
        log.tree = Checkpoints.restore(c, log.tenant, latest, leaves.of(log.tenant));
        log.committed = size;
        if (size > 0) {
            try (PreparedStatement st = c.prepareStatement("SELECT recorded_ms FROM entries WHERE tenant = ? AND seq = ?")) {
                st.setString(1, log.tenant);
                st.setLong(2, size - 1);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) log.lastRecordedMs = Math.max(log.lastRecordedMs, rs.getLong(1));
                }
            }
        }
    }

    /**
     * Gives every new event its seq, time, id and salt (in request order), and resolves idempotency keys
     * against stored entries and earlier events of the batch. Fills one list of answer slots per request.
     */
    private List<Placed> place(List<Request> batch, Map<TenantLog, Map<String, Entry>> stored, List<List<Slot>> slots) {
        List<Placed> placed = new ArrayList<>();
        Map<TenantLog, Long> nextSeq = new HashMap<>();
        Map<TenantLog, Map<String, Integer>> fresh = new HashMap<>();
        for (Request r : batch) {
            Map<String, Entry> earlier = stored.get(r.log);
            Map<String, Integer> inBatch = fresh.computeIfAbsent(r.log, l -> new HashMap<>());
            List<Slot> answers = new ArrayList<>(r.events.size());
            for (Sealed sealed : r.events) {
                String key = sealed.event.idempotencyKey();
                if (key != null && earlier.containsKey(key)) {
                    answers.add(new Slot(earlier.get(key), -1, true));
                } else if (key != null && inBatch.containsKey(key)) {
                    answers.add(new Slot(null, inBatch.get(key), true));
                } else {
                    long seq = nextSeq.merge(r.log, r.log.tree.size(), (a, b) -> a + 1);
                    long now = Math.max(clock.millis(), r.log.lastRecordedMs);
                    r.log.lastRecordedMs = now;
                    String id = EntryIds.newId(now);
                    Instant recordedAt = Instant.ofEpochMilli(now);
                    placed.add(new Placed(new Entry(r.log.tenant, id, seq, recordedAt, sealed.event, sealed.salt, null,
                            sealed.leaf.leafHash(id, seq, recordedAt), LeafEncoding.VERSION), sealed.columns));
                    if (key != null) inBatch.put(key, placed.size() - 1);
                    answers.add(new Slot(null, placed.size() - 1, false));
                }
            }
            slots.add(answers);
        }
        return placed;
    }

    /** Entries already stored under the idempotency keys this batch carries, per tenant (read under the lock). */
    private static Map<TenantLog, Map<String, Entry>> knownKeys(Connection c, List<Request> batch) throws SQLException {
        Map<TenantLog, List<String>> wanted = new LinkedHashMap<>();
        for (Request r : batch) {
            List<String> keys = wanted.computeIfAbsent(r.log, l -> new ArrayList<>());
            for (Sealed e : r.events) if (e.event.keyMayRepeat()) keys.add(e.event.idempotencyKey());
        }
        Map<TenantLog, Map<String, Entry>> known = new HashMap<>();
        for (Map.Entry<TenantLog, List<String>> w : wanted.entrySet()) {
            Map<String, Entry> found = new HashMap<>();
            known.put(w.getKey(), found);
            if (w.getValue().isEmpty()) continue;
            try (PreparedStatement st = c.prepareStatement("SELECT " + EntryRows.COLUMNS
                    + " FROM entries WHERE tenant = ? AND idempotency_key = ANY (?) ORDER BY seq")) {
                st.setString(1, w.getKey().tenant);
                st.setArray(2, c.createArrayOf("text", w.getValue().toArray()));
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
        for (Request left : queue.closeAndDrain()) {
            left.done.completeExceptionally(new StoreException("the store is closed", null));
        }
    }
}
