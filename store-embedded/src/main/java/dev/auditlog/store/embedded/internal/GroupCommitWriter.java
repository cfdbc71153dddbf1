package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.entry.LeafTemplate;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.GroupCommitQueue;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.TiledTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes entries for every tenant of the embedded store, one batch at a time, on the single thread of a
 * {@link GroupCommitQueue} (why one thread, and how batches form, is explained there).
 *
 * <h2>A batch</h2>
 * Resolve idempotency keys, give each new event its seq, time and id, hash it into its tenant's tree (the
 * caller already built its salt, commitment and leaf template) and append its row, persist completed tile
 * roots and sign one checkpoint per touched tenant, all in one transaction.
 * Only then are the callers' futures completed: an acknowledged entry is durable. If anything fails, the
 * transaction rolls back, the trees are truncated back to their marks and every caller of the batch gets
 * the error; nothing half-written stays visible.
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_BATCH_EVENTS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** An event with its salt, personal commitment and row details, computed by the caller before it queues. */
    record Sealed(Event event, byte[] salt, LeafTemplate leaf, String details) {
        static Sealed of(Event event) {
            byte[] salt = EntryIds.newSalt();
            return new Sealed(event, salt, LeafTemplate.of(event, LeafEncoding.personalCommitment(salt, event)),
                    EntryRows.details(event, salt, null));
        }
    }

    private record Request(TenantLog log, List<Sealed> events, CompletableFuture<List<Appended>> done) {
    }

    private record Tile(String tenant, long index, byte[] hash) {
    }

    /** What a batch produced: the answers per request, the checkpoint and the new leaf hashes per touched tenant. */
    private record Written(List<List<Appended>> answers, Map<TenantLog, Checkpoint> checkpoints,
                           Map<TenantLog, List<byte[]>> leaves) {
    }

    private final DuckDBConnection connection;
    private final TenantKeyring keyring;
    private final Clock clock;
    private final GroupCommitQueue<Request> queue;

    GroupCommitWriter(DuckDBConnection connection, TenantKeyring keyring, Clock clock) throws SQLException {
        this.connection = connection;
        this.keyring = keyring;
        this.clock = clock;
        queue = new GroupCommitQueue<>("auditlog-writer", MAX_BATCH_EVENTS, r -> r.events.size(), this::commit);
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

    private void commit(List<Request> batch) {
        Map<TenantLog, TiledTree.Mark> marks = new LinkedHashMap<>();
        Map<TenantLog, Long> clockMarks = new HashMap<>();
        for (Request r : batch) {
            marks.computeIfAbsent(r.log, l -> l.tree.mark());
            clockMarks.putIfAbsent(r.log, r.log.lastRecordedMs);
        }
        try {
            Written written = write(batch, marks.keySet());
            written.checkpoints.forEach(TenantLog::publish);
            written.leaves.forEach((log, hashes) -> log.leafFile.append(marks.get(log).size(), hashes));
            for (int i = 0; i < batch.size(); i++) batch.get(i).done.complete(written.answers.get(i));
        } catch (SQLException | RuntimeException e) {
            LOG.error("append batch of {} requests failed; rolled back", batch.size(), e);
            rollback();
            marks.forEach((log, mark) -> log.tree.truncate(mark));
            clockMarks.forEach((log, ms) -> log.lastRecordedMs = ms);
            StoreException failure = new StoreException("could not store the events", e);
            for (Request r : batch) r.done.completeExceptionally(failure);
        }
    }

    private Written write(List<Request> batch, Iterable<TenantLog> touched) throws SQLException {
        beginTransaction();
        Map<TenantLog, Map<String, Entry>> known = knownKeys(batch);
        List<List<Appended>> results = new ArrayList<>(batch.size());
        List<Tile> tiles = new ArrayList<>();
        Map<TenantLog, List<byte[]>> leaves = new HashMap<>();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "entries")) {
            for (Request r : batch) {
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
                    r.log.tree.append(entry.leafHash(), (index, hash) -> tiles.add(new Tile(r.log.tenant, index, hash)));
                    leaves.computeIfAbsent(r.log, l -> new ArrayList<>()).add(entry.leafHash());
                    EntryRows.append(appender, entry, sealed.details);
                    if (event.idempotencyKey() != null) keys.put(event.idempotencyKey(), entry);
                    answers.add(new Appended(entry, false));
                }
                results.add(answers);
            }
            appender.flush();
        }
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO tiles VALUES (?, ?, ?)")) {
            for (Tile tile : tiles) {
                st.setString(1, tile.tenant);
                st.setLong(2, tile.index);
                st.setBytes(3, tile.hash);
                st.addBatch();
            }
            if (!tiles.isEmpty()) st.executeBatch();
        }
        Map<TenantLog, Checkpoint> signed = new LinkedHashMap<>();
        for (TenantLog log : touched) {
            signed.put(log, keyring.signer(log.tenant).signCheckpoint(
                    TenantKeyring.origin(log.tenant), log.tree.size(), log.tree.root()));
        }
        for (Map.Entry<TenantLog, Checkpoint> cp : signed.entrySet()) {
            Checkpoints.insert(connection, cp.getKey().tenant, cp.getValue(), cp.getKey().tree.peaks(), clock.millis());
        }
        connection.commit();
        connection.setAutoCommit(true);
        return new Written(results, signed, leaves);
    }

    /**
     * Opens the batch's transaction. DuckDB's appender joins the connection's open transaction but commits on
     * its own when there is none, and turning auto-commit off does not open one: only a statement does. So a
     * statement runs first, and the appended rows commit (or roll back) with the tile roots and the checkpoint.
     * The crash test caught the appender's own commit once; it guards this.
     */
    private void beginTransaction() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    private Entry place(TenantLog log, Sealed sealed) {
        long now = Math.max(clock.millis(), log.lastRecordedMs);
        log.lastRecordedMs = now;
        String id = EntryIds.newId(now);
        long seq = log.tree.size();
        Instant recordedAt = Instant.ofEpochMilli(now);
        return new Entry(log.tenant, id, seq, recordedAt, sealed.event, sealed.salt, null,
                sealed.leaf.leafHash(id, seq, recordedAt));
    }

    /** Entries already stored under the idempotency keys this batch carries, per tenant. */
    private Map<TenantLog, Map<String, Entry>> knownKeys(List<Request> batch) throws SQLException {
        Map<TenantLog, List<String>> wanted = new LinkedHashMap<>();
        for (Request r : batch) {
            List<String> keys = wanted.computeIfAbsent(r.log, l -> new ArrayList<>());
            for (Sealed e : r.events) if (e.event.idempotencyKey() != null) keys.add(e.event.idempotencyKey());
        }
        Map<TenantLog, Map<String, Entry>> known = new HashMap<>();
        for (Map.Entry<TenantLog, List<String>> w : wanted.entrySet()) {
            Map<String, Entry> found = new HashMap<>();
            known.put(w.getKey(), found);
            if (w.getValue().isEmpty()) continue;
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

    /** Undoes the batch's transaction: its rows, tile roots and checkpoint. */
    private void rollback() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.error("rollback failed", e);
        }
    }

    /** Finishes every request already queued, then stops. */
    @Override
    public void close() {
        for (Request left : queue.closeAndDrain()) {
            left.done.completeExceptionally(new StoreException("the store is closed", null));
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }

}
