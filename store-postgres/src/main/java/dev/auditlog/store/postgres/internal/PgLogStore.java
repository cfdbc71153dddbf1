package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.erasure.Pseudonyms;
import dev.auditlog.core.erasure.SubjectErasure;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.merkle.NodeReader;
import dev.auditlog.core.merkle.Rfc6962;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.SettingsJson;
import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.FilterSql;
import dev.auditlog.core.store.Handoff;
import dev.auditlog.core.store.LogSigners;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.LogVerifier;
import dev.auditlog.core.store.Page;
import dev.auditlog.core.store.PendingRecords;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Recording;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.StoreGauge;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TiledTree;
import dev.auditlog.core.store.UnknownTenantException;
import dev.auditlog.core.store.VerificationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL {@link LogStore}. Several servers may share one database: the database is the truth for
 * tenants, keys and checkpoints (read per request), and appends are sequenced per tenant by an advisory
 * lock (see {@link GroupCommitWriter}). Each server keeps trees in memory only as a cache of what it last
 * saw committed.
 */
public final class PgLogStore implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(PgLogStore.class);
    /** Rows fetched per round trip when streaming a scan or a verification. */
    private static final int FETCH_SIZE = 2_000;

    private final Database db;
    private final LogSigners signers;
    private final Clock clock;
    private final Partitions partitions = new Partitions();
    private final GroupCommitWriter writer;
    private final Map<String, TenantLog> logs = new ConcurrentHashMap<>();

    private PgLogStore(Database db, TenantKeyring keyring, Clock clock) {
        this.db = db;
        this.signers = new LogSigners(keyring, this::checkpoint);
        this.clock = clock;
        this.writer = new GroupCommitWriter(db, partitions, signers, clock, this::leafSource);
    }

    /**
     * Opens the store on a database (migrating its schema); signing keys live in {@code keyDir}. Appends the records of
     * erasures and prunes a server committed and did not record (it crashed, or the log took no appends then).
     */
    public static PgLogStore open(String jdbcUrl, Path keyDir, Clock clock) {
        PgLogStore store = new PgLogStore(Database.open(jdbcUrl), new TenantKeyring(keyDir), clock);
        store.appendPendingRecords();
        return store;
    }

    private TiledTree.LeafSource leafSource(String tenant) {
        return (from, count) -> db.call(c -> {
            byte[][] leaves = new byte[count][];
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT seq, leaf_hash FROM entries WHERE tenant = ? AND seq >= ? AND seq < ? "
                            + "UNION ALL SELECT seq, leaf_hash FROM pruned_leaves WHERE tenant = ? AND seq >= ? AND seq < ?")) {
                for (int i = 0; i < 2; i++) {
                    st.setString(3 * i + 1, tenant);
                    st.setLong(3 * i + 2, from);
                    st.setLong(3 * i + 3, from + count);
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) leaves[(int) (rs.getLong(1) - from)] = rs.getBytes(2);
                }
            }
            for (int i = 0; i < count; i++) {
                if (leaves[i] == null) throw new StoreException("entry " + (from + i) + " of tenant " + tenant + " is missing", null);
            }
            return leaves;
        });
    }

    @Override
    public boolean createTenant(Tenant tenant) {
        boolean created = inTransaction("could not create tenant " + tenant.id(), c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO tenants (id, name, created_ms) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                st.setString(1, tenant.id());
                st.setString(2, tenant.name());
                st.setLong(3, tenant.createdAt().toEpochMilli());
                if (st.executeUpdate() == 0) return false;
            }
            // Signed only now, so that a server losing the race to create the tenant makes it no key.
            Checkpoint empty = signers.ofNewLog(tenant.id()).signCheckpoint(TenantKeyring.origin(tenant.id()), 0, Rfc6962.emptyRoot());
            // The first month's partition is made here, not by the writer's first batch (see Partitions.ensure).
            Partitions.create(c, tenant.id(), clock.millis());
            Checkpoints.insert(c, tenant.id(), empty, List.of(), clock.millis());
            return true;
        });
        if (created) logs.put(tenant.id(), new TenantLog(tenant.id(), TiledTree.empty(leafSource(tenant.id())), 0));
        return created;
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, created_ms FROM tenants WHERE id = ?")) {
                st.setString(1, id);
                return readTenants(st).stream().findFirst();
            }
        });
    }

    @Override
    public List<Tenant> tenants() {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, created_ms FROM tenants ORDER BY id")) {
                return readTenants(st);
            }
        });
    }

    private static List<Tenant> readTenants(PreparedStatement st) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) tenants.add(new Tenant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
        return tenants;
    }

    @Override
    public List<Appended> append(String tenant, List<Event> events) {
        return Appended.awaitCommit(writer.submit(log(tenant), sealed(events)));
    }

    private static List<GroupCommitWriter.Sealed> sealed(List<Event> events) {
        return events.stream().map(GroupCommitWriter.Sealed::of).toList();
    }

    @Override
    public Page query(String tenant, EntryQuery query) {
        log(tenant);
        // With a total, the page and the count must see the same entries, not those committed between the two reads.
        Database.SqlWork<Page> work = c -> {
            FilterSql filter = new FilterSql(tenant, query, Long.MAX_VALUE, db.search());
            List<Entry> entries = new ArrayList<>(query.limit() + 1);
            try (PreparedStatement st = c.prepareStatement("SELECT " + EntryRows.COLUMNS + " FROM entries WHERE "
                    + filter.where() + " ORDER BY seq DESC LIMIT ?")) {
                st.setInt(filter.bind(st, 1), query.limit() + 1);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) entries.add(EntryRows.read(rs));
                }
            }
            String next = null;
            if (entries.size() > query.limit()) {
                entries.removeLast();
                next = QueryParameters.encodeCursor(entries.getLast().seq());
            }
            Long total = query.count()
                    ? new FilterSql(tenant, query.withBeforeSeq(null), Long.MAX_VALUE, db.search()).count(c)
                    : null;
            return new Page(entries, next, total);
        };
        return query.count() ? db.snapshot(work) : db.call(work);
    }

    /** One grouped count: the default would fetch every matching entry of the log to count it. */
    @Override
    public long[] countPerBucket(String tenant, EntryQuery query, Instant start, Duration width, int buckets) {
        log(tenant);
        return db.call(c -> new FilterSql(tenant, query.withBeforeSeq(null), Long.MAX_VALUE, db.search())
                .countPerBucket(c, start, width, buckets, "/"));
    }

    /**
     * A skip scan over the (channel, seq) index, which PostgreSQL does not do by itself for DISTINCT: one index
     * probe per channel, where DISTINCT would read every entry of the tenant.
     */
    @Override
    public List<String> channels(String tenant) {
        log(tenant);
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    WITH RECURSIVE channel_list(channel) AS (
                      (SELECT channel FROM entries WHERE tenant = ? ORDER BY channel LIMIT 1)
                      UNION ALL
                      SELECT (SELECT e.channel FROM entries e WHERE e.tenant = ? AND e.channel > l.channel ORDER BY e.channel LIMIT 1)
                      FROM channel_list l WHERE l.channel IS NOT NULL)
                    SELECT channel FROM channel_list WHERE channel IS NOT NULL""")) {
                st.setString(1, tenant);
                st.setString(2, tenant);
                List<String> channels = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) channels.add(rs.getString(1));
                }
                return channels;
            }
        });
    }

    /** Finds an entry by id; the millisecond stamped in the id selects the partition and the index range. */
    @Override
    public Optional<Entry> entry(String tenant, String id) {
        log(tenant);
        OptionalLong recordedMs = EntryIds.recordedMillis(id);
        if (recordedMs.isEmpty()) return Optional.empty();
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + EntryRows.COLUMNS
                    + " FROM entries WHERE tenant = ? AND recorded_ms = ? AND id = ?")) {
                st.setString(1, tenant);
                st.setLong(2, recordedMs.getAsLong());
                st.setObject(3, UUID.fromString(id));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(EntryRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void scan(String tenant, EntryQuery query, long fromSeq, long treeSize, Consumer<Entry> sink) {
        log(tenant);
        FilterSql filter = new FilterSql(tenant, query.withBeforeSeq(null), treeSize, db.search());
        stream(filter, fromSeq, "DESC", sink);
    }

    /**
     * Streams the rows {@code filter} matches from {@code fromSeq} in seq {@code order} through a server-side cursor (a
     * transaction with a fetch size), never holding them all.
     */
    /**
     * Reads the rows on a connection of the stream pool, on a thread of its own, and feeds them to {@code sink} on the
     * caller's thread through a {@link Handoff}: a sink that stops taking (a client that stopped reading) costs the read
     * its connection after {@link Handoff#STALL_LIMIT}, rather than holding it for as long as the client stays.
     */
    private void stream(FilterSql filter, long fromSeq, String order, Consumer<Entry> sink) {
        String sql = "SELECT " + EntryRows.COLUMNS + " FROM entries WHERE " + filter.where() + " AND seq >= ? ORDER BY seq " + order;
        Handoff<Entry> handoff = new Handoff<>();
        Thread.ofVirtual().name("auditlog-stream").start(() -> {
            try {
                db.streamTransaction(c -> {
                    try (PreparedStatement st = c.prepareStatement(sql)) {
                        st.setLong(filter.bind(st, 1), fromSeq);
                        st.setFetchSize(FETCH_SIZE);
                        try (ResultSet rs = st.executeQuery()) {
                            while (rs.next()) handoff.put(EntryRows.read(rs));
                        }
                    }
                    return null;
                });
                handoff.finish();
            } catch (SQLException e) {
                handoff.fail(new StoreException("database error: " + e.getMessage(), e));
            } catch (Throwable e) { // the consumer must hear of any failure, or it waits forever
                handoff.fail(e);
            }
        });
        handoff.drain(sink);
    }

    @Override
    public Checkpoint checkpoint(String tenant) {
        return latest(tenant).checkpoint();
    }

    @Override
    public String signNote(String tenant, String text) {
        log(tenant);
        return signers.of(tenant).sign(text);
    }

    private Checkpoints.Stored latest(String tenant) {
        log(tenant);
        return db.call(c -> Checkpoints.latest(c, tenant))
                .orElseThrow(() -> new StoreException("tenant " + tenant + " has no checkpoint", null));
    }

    /**
     * A tree covering the latest checkpoint: the writer's when it has committed that far, else one restored
     * from the database (another server appended) and kept until a later checkpoint outgrows it.
     */
    @Override
    public NodeReader nodes(String tenant) {
        TenantLog log = log(tenant);
        Checkpoints.Stored latest = latest(tenant);
        long size = latest.checkpoint().size();
        TiledTree own = log.committedTree(size);
        if (own != null) return own;
        TiledTree cached = log.readTree;
        if (cached != null && cached.size() >= size) return cached;
        TiledTree restored = db.call(c -> Checkpoints.restore(c, tenant, latest, leafSource(tenant)));
        log.readTree = restored;
        return restored;
    }

    @Override
    public VerificationReport verify(String tenant) {
        Checkpoint cp = checkpoint(tenant);
        LogVerifier verifier = new LogVerifier(cp, signers.verifierKey(tenant));
        if (verifier.report() == null) {
            db.call(c -> {
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT seq, leaf_hash FROM pruned_leaves WHERE tenant = ? AND seq < ? ORDER BY seq")) {
                    st.setString(1, tenant);
                    st.setLong(2, cp.size());
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next() && verifier.acceptPruned(rs.getLong(1), rs.getBytes(2))) {
                            // acceptPruned() stops at the first gap
                        }
                    }
                }
                return null;
            });
            FilterSql all = new FilterSql(tenant, EntryQuery.all(), cp.size(), db.search());
            stream(all, 0, "ASC", verifier::accept);
        }
        return verifier.finish();
    }

    @Override
    public void saveKey(ApiKey key, Recording<ApiKey> recording) {
        log(key.tenant());
        inTransaction("could not save the key", c -> {
            ApiKeys.insert(c, key);
            PendingRecords.addIfAny(c, key.tenant(), recording.event(key), clock.millis());
            return null;
        });
        appendPendingRecords();
    }

    @Override
    public List<ApiKey> keys(String tenant) {
        log(tenant);
        return db.call(c -> ApiKeys.ofTenant(c, tenant));
    }

    @Override
    public Optional<ApiKey> key(String id) {
        return db.call(c -> ApiKeys.byId(c, id));
    }

    @Override
    public boolean revokeKey(String tenant, String id, Instant at, Recording<ApiKey> recording) {
        log(tenant);
        boolean revoked = inTransaction("could not revoke the key", c -> {
            if (!ApiKeys.revoke(c, tenant, id, at)) return false;
            ApiKey key = ApiKeys.byId(c, id).orElseThrow();
            PendingRecords.addIfAny(c, tenant, recording.event(key), clock.millis());
            return true;
        });
        if (revoked) appendPendingRecords();
        return revoked;
    }

    @Override
    public Settings settings(String tenant) {
        log(tenant);
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT doc FROM settings WHERE tenant = ?")) {
                st.setString(1, tenant);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? SettingsJson.fromStoredText(rs.getString(1)) : Settings.DEFAULT;
                }
            }
        });
    }

    @Override
    public void saveSettings(String tenant, Settings settings, Recording<Settings> recording) {
        log(tenant);
        inTransaction("could not save the settings", c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO settings (tenant, doc) VALUES (?, ?) "
                    + "ON CONFLICT (tenant) DO UPDATE SET doc = EXCLUDED.doc")) {
                st.setString(1, tenant);
                st.setString(2, SettingsJson.toStoredText(settings));
                st.executeUpdate();
            }
            PendingRecords.addIfAny(c, tenant, recording.event(settings), clock.millis());
            return null;
        });
        appendPendingRecords();
    }

    /** Runs {@code work} in one transaction; a failure is a {@link StoreException} saying {@code failure}. */
    private <T> T inTransaction(String failure, Database.SqlWork<T> work) {
        try {
            return db.transaction(work);
        } catch (SQLException e) {
            throw new StoreException(failure + ": " + e.getMessage(), e);
        }
    }

    /**
     * The passes of {@link SubjectErasure} run in one transaction with {@code auditlog.erase} on (their scans read on
     * other connections, and see none of it), which the append-only trigger requires for an UPDATE and then allows for
     * the personal columns only. The transaction reads committed rows, not a snapshot, so that a later pass can rewrite
     * entries appended after it began. The last pass holds this server's writer and, through the tenant's advisory
     * lock, every other server's writer of the tenant; the record of the erasure is appended in the same transaction,
     * under the same lock. Why there: appended after the commit, as the prune's record is, it let another server append
     * entries about the person between the last pass and the record (a black-box run with appends through a second
     * server found 6 to 9 such entries, before the record, never erased).
     *
     * <p>PostgreSQL keeps the old row versions until VACUUM reclaims them (and their bytes may stay in free space until
     * VACUUM FULL); that is the database operator's job and outside Auditlog (docs/GOVERNANCE.md).
     */
    @Override
    public Erasure erase(String tenant, String subjectId, Recording<Erasure> recording) {
        TenantLog log = log(tenant);
        SubjectErasure erasure = new SubjectErasure(this, tenant, subjectId, Pseudonyms.of(signers.of(tenant), subjectId));
        AtomicReference<GroupCommitWriter.Held> held = new AtomicReference<>();
        long[] heldAt = new long[1];
        boolean committed = false;
        try {
            partitions.ensure(db, tenant, clock.millis()); // the record's month, before the lock (as a batch does)
            inTransaction("could not erase the subject", c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                    st.execute("SET LOCAL auditlog.erase = on");
                }
                lockRewrites(c, tenant);
                ErasedRows rows = ErasedRows.open(c);
                erasurePass(erasure, rows, tenant);
                while (erasure.worthAFreePass(checkpoint(tenant).size())) erasurePass(erasure, rows, tenant);
                held.set(writer.hold());
                heldAt[0] = System.nanoTime();
                GroupCommitWriter.lock(c, tenant);
                erasurePass(erasure, rows, tenant);
                Optional<Event> record = recording.event(erasure.erasure());
                if (record.isPresent()) held.get().appendWithin(c, log, sealed(List.of(PendingRecords.keyed(record.get()))));
                return null;
            });
            committed = true;
            held.get().ended(log, true);
            // Records a crash or a failed append left pending (a prune's, say), as after every erasure and prune
            appendPendingRecords((t, events) -> Appended.awaitCommit(held.get().submit(log(t), sealed(events))));
        } catch (SQLException e) {
            throw new StoreException("could not erase the subject: " + e.getMessage(), e);
        } finally {
            if (held.get() != null) {
                if (!committed) held.get().ended(log, false);
                held.get().close();
            }
        }
        LOG.info("Erased a subject from {} entries of tenant {} (passes: {}); the last pass, with the record, held appends for {} ms",
                erasure.erasure().entries(), tenant, erasure.passes(), (System.nanoTime() - heldAt[0]) / 1_000_000);
        return erasure.erasure();
    }

    /**
     * Takes the tenant's lock for rewrites until the transaction on {@code c} ends: erasures and prunes of one tenant run
     * one at a time, on every server. Why: two erasures that rewrite the same entries (one that names both people) each
     * wait for the other's row locks, and the last pass of each also takes the writers' lock; they deadlocked (a 503 in
     * 2 of 5 pairs under load), and the hold of a server's writer could have made a deadlock PostgreSQL cannot see.
     */
    private static void lockRewrites(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('auditlog.rewrites'), hashtext(?))")) {
            st.setString(1, tenant);
            st.execute();
        }
    }

    /** One pass over the log as it stands now, rewritten in the erasure's transaction. */
    private void erasurePass(SubjectErasure erasure, ErasedRows rows, String tenant) throws SQLException {
        rows.applyTo(tenant, erasure.pass(checkpoint(tenant).size(), chunk -> {
            try {
                rows.add(chunk);
            } catch (SQLException e) {
                throw new StoreException("could not erase the subject: " + e.getMessage(), e);
            }
        }));
    }

    /**
     * Keeps the removed entries' leaf hashes, deletes the entries of the month the cutoff falls in and drops
     * the tenant's partitions of every month before it (or deletes their rows while a reader holds them), in
     * one transaction with {@code auditlog.prune} on: the only DELETE the append-only trigger allows, and the
     * only DROP its function does. The month now running is never dropped, even for a cutoff in the future:
     * the writer may still be filling it.
     */
    @Override
    public long prune(String tenant, Instant cutoff, Recording<Long> recording) {
        log(tenant);
        long cutoffMs = cutoff.toEpochMilli();
        long wholeMonthsBefore = Partitions.monthStartMs(Math.min(cutoffMs, clock.millis()));
        long removed = inTransaction("could not prune", c -> {
            try (Statement flag = c.createStatement()) {
                flag.execute("SET LOCAL auditlog.prune = on");
            }
            lockRewrites(c, tenant);
            long pruned;
            try (PreparedStatement keep = c.prepareStatement("INSERT INTO pruned_leaves (tenant, seq, leaf_hash) "
                    + "SELECT tenant, seq, leaf_hash FROM entries WHERE tenant = ? AND recorded_ms < ?")) {
                keep.setString(1, tenant);
                keep.setLong(2, cutoffMs);
                pruned = keep.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM entries WHERE tenant = ? AND recorded_ms >= ? AND recorded_ms < ?")) {
                delete.setString(1, tenant);
                delete.setLong(2, wholeMonthsBefore);
                delete.setLong(3, cutoffMs);
                delete.executeUpdate();
            }
            partitions.removeMonthsBefore(c, tenant, wholeMonthsBefore);
            PendingRecords.addIfAny(c, tenant, recording.event(pruned), clock.millis());
            return pruned;
        });
        appendPendingRecords();
        return removed;
    }

    /**
     * Appends every record of a change still pending: right after the change commits, so that the log holds
     * the change without its record only for as long as one append takes, and on open. Several servers sharing the
     * database may append the same one; its idempotency key keeps it one entry ({@link PendingRecords}).
     */
    private void appendPendingRecords() {
        appendPendingRecords(this::append);
    }

    private void appendPendingRecords(BiConsumer<String, List<Event>> append) {
        PendingRecords.appendAll(append, () -> db.call(PendingRecords::all), key -> db.call(c -> {
            PendingRecords.remove(c, key);
            return null;
        }));
    }

    /** The tenant's log; a tenant another server created is picked up from the database on first use. */
    private TenantLog log(String tenant) {
        TenantLog log = logs.get(tenant);
        if (log != null) return log;
        if (tenant(tenant).isEmpty()) throw new UnknownTenantException(tenant);
        return logs.computeIfAbsent(tenant, TenantLog::unread);
    }

    @Override
    public List<StoreGauge> gauges() {
        List<StoreGauge> gauges = new ArrayList<>(db.gauges());
        gauges.add(writer.waitingGauge());
        return gauges;
    }

    @Override
    public Optional<String> problem() {
        return db.problem();
    }

    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
