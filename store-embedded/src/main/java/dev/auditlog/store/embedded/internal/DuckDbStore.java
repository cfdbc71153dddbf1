package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.erasure.Pseudonyms;
import dev.auditlog.core.erasure.SubjectErasure;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.files.OwnerOnly;
import dev.auditlog.core.merkle.NodeReader;
import dev.auditlog.core.merkle.Rfc6962;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.FilterSql;
import dev.auditlog.core.store.LogSigners;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Page;
import dev.auditlog.core.store.PendingRecords;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Recording;
import dev.auditlog.core.store.RootCause;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.StoreGauge;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TiledTree;
import dev.auditlog.core.store.UnknownTenantException;
import dev.auditlog.core.store.VerificationReport;
import dev.auditlog.core.store.LogVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link LogStore}: one DuckDB file in the data directory, a journal in front of it, one
 * group-commit writer, one applier, a small pool of reader connections. See {@link GroupCommitWriter} and
 * {@link Journal} for how appends become durable, {@link JournalApplier} for how they reach DuckDB (every read
 * waits for that first: {@link TenantLog#awaitApplied}), and {@link TiledTree} for how the Merkle tree is kept.
 */
public final class DuckDbStore implements LogStore {
    /** Entries are scanned in windows of this many seq numbers, newest window first. */
    private static final long SCAN_WINDOW = 1 << 16;
    private static final int READ_THREADS = 4;
    /** Two exports at once, each reading its next window while its client takes the current one. */
    private static final int STREAM_THREADS = 2 * ReadPool.PARTS_AHEAD;
    /** The store's one engine setting (see the constructor); public so that the benchmark's engine ceiling can run alike. */
    public static final String CHECKPOINT_THRESHOLD = "32MB";
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbStore.class);
    /** The first seq window a query looks at; see {@link #newestMatching}. */
    private static final long FIRST_WINDOW = 4096;

    private final DuckDBConnection root;
    private final AdminTransactions admin;
    private final ReadPool reads;
    private final Journal journal;
    private final JournalApplier applier;
    /** The applier as reads see it (there is none while the store opens: DuckDB holds everything then). */
    private final TenantLog.Applier applierForReads = new TenantLog.Applier() {
        @Override
        public void hurry() {
            if (applier != null) applier.hurry();
        }

        @Override
        public Optional<String> problem() {
            return applier == null ? Optional.empty() : applier.problem();
        }
    };
    private final GroupCommitWriter writer;
    private final RawCopies rawCopies;
    private final LogSigners signers;
    private final Clock clock;
    private final Path leafDir;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, TenantLog> logs = new ConcurrentHashMap<>();
    /** Every API key, cached: authentication reads it on every request. Changed under this object's lock. */
    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    /** Every saved settings row, cached: access checks read the IP allowlist on every request. */
    private final Map<String, Settings> settings = new ConcurrentHashMap<>();

    /** @param root a connection to a database whose {@link Schema} is in place */
    private DuckDbStore(DuckDBConnection root, TenantKeyring keyring, Clock clock, Path leafDir, Path journalDir)
            throws SQLException, IOException {
        this.root = root;
        this.admin = new AdminTransactions(root);
        this.leafDir = leafDir;
        this.signers = new LogSigners(keyring, this::checkpoint);
        this.clock = clock;
        this.reads = new ReadPool(root, READ_THREADS, STREAM_THREADS);
        try (Statement st = root.createStatement()) {
            // DuckDB folds its WAL into the main file when the WAL passes this size, inside whichever commit
            // crosses it: only the applier waits for that (see Journal), but the fold writes the file out in one
            // burst at its end, and the journal's fdatasyncs queue behind it: the smaller the fold, the shorter the
            // burst. p99 acknowledgement at 70,000 events/s, 20 s runs: 64 MB 15-29 ms (4 runs), 32 MB 17-18 ms (4),
            // 16 MB 13-16 ms (2); 256 MB gave 23.5 ms in an earlier session. Maximum ingest showed no difference
            // between 64 and 32 MB (117k-146k vs 123k-151k events/s, 4 runs each); 32 MB keeps each fold within
            // one DuckDB row group of rows (about 60,000 entries); 16 MB folds twice as often for 1-2 ms of p99.
            // A larger threshold takes folds out of a short burst's way, not out of the acknowledgements': at 1 GB
            // a run of 1 M events at the maximum rate ends before its first fold (148k-161k events/s until the
            // file held them, against 139k-153k), but in a 40 s run at 70,000 events/s one fold of 954 MB took
            // p99 from 13 to 70 ms (max 210 ms).
            st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
        }
        this.journal = Journal.open(journalDir, Schema.journalApplied(root), record -> {
            try {
                JournalApplier.apply(root, List.of(record.payload()), record.number(), true);
            } catch (SQLException | IllegalArgumentException e) {
                throw new IOException("could not replay journal record " + record.number(), e);
            }
        });
        restoreTenants();
        ApiKeys.all(root).forEach(k -> keys.put(k.id(), k));
        settings.putAll(SettingsRows.all(root));
        this.applier = new JournalApplier(() -> (DuckDBConnection) root.duplicate(), journal, journal.lastNumber());
        this.writer = new GroupCommitWriter((DuckDBConnection) root.duplicate(), signers, clock, journal, applier);
        this.rawCopies = new RawCopies(writer, applier, root);
    }

    /** The DuckDB file of the store in {@code dataDir}. */
    public static Path databaseFile(Path dataDir) {
        return dataDir.resolve("auditlog.duckdb");
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}; recovers to the last committed batch. Refuses to
     * create the database beside tenants' keys or leaf hashes (see {@link LostDatabase}), to open one that lost
     * entries it acknowledged ({@link LogBehindException}), and one a newer build wrote ({@link NewerStoreFormatException}).
     * DuckDB's memory is held to {@code memoryLimit} ({@code 2GB}), or to its default when null.
     */
    public static DuckDbStore open(Path dataDir, Clock clock, String memoryLimit) {
        Path database = databaseFile(dataDir);
        LostDatabase.refuseIfTenantsRemain(dataDir, database);
        boolean created = false;
        Connection c = null;
        try {
            OwnerOnly.createDirectories(dataDir);
            created = !Files.exists(database);
            Properties props = new Properties();
            props.setProperty("duckdb.read_only", "false");
            if (memoryLimit != null) props.setProperty("memory_limit", memoryLimit);
            c = DriverManager.getConnection("jdbc:duckdb:" + database, props);
            if (created) OwnerOnly.restrict(database);
            NativeLibraryCopy.deleteLoadedCopy();
            Schema.create(c);
            Schema.claimFormat(c, dataDir); // before any thread starts: a refusal leaves nothing running
            DuckDbStore store = new DuckDbStore((DuckDBConnection) c, new TenantKeyring(dataDir), clock, dataDir.resolve("leaves"),
                    dataDir.resolve("journal"));
            store.finishChanges(); // of an erasure or a prune the last run committed and did not finish
            return store;
        } catch (SQLException | IOException e) {
            if (created) forgetNewDatabase(c, database);
            throw new StoreException("could not open the embedded store in " + dataDir + ": " + RootCause.describe(e), e);
        } catch (LogBehindException | NewerStoreFormatException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException e) {
            LOG.debug("could not close the database after a refused open", e);
        }
    }

    /**
     * Removes a database file this failed first start created (on a full disk DuckDB left it empty, and every later
     * start then said "not a valid DuckDB database file"). It holds nothing yet, so the next start begins anew.
     */
    private static void forgetNewDatabase(Connection c, Path database) {
        try {
            if (c != null) c.close();
            Files.deleteIfExists(database);
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + ".wal"));
        } catch (SQLException | IOException e) {
            LOG.warn("could not remove the database file {} a failed first start left; delete it before starting again", database, e);
        }
    }

    private void restoreTenants() throws SQLException, IOException {
        try (PreparedStatement st = root.prepareStatement("SELECT id, name, created_ms FROM tenants");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Tenant t = new Tenant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
                tenants.put(t.id(), t);
            }
        }
        for (Tenant t : tenants.values()) logs.put(t.id(), restoreLog(t.id()));
    }

    private TenantLog restoreLog(String tenant) throws SQLException, IOException {
        Checkpoints.Stored stored = Checkpoints.latest(root, tenant)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant + " has no checkpoint"));
        List<byte[]> tileRoots = new ArrayList<>();
        try (PreparedStatement st = root.prepareStatement("SELECT idx, hash FROM tiles WHERE tenant = ? AND idx < ? ORDER BY idx")) {
            st.setString(1, tenant);
            st.setLong(2, stored.checkpoint().size() >>> TiledTree.TILE_HEIGHT);
            try (ResultSet rs = st.executeQuery()) {
                long previous = -1;
                while (rs.next()) {
                    long index = rs.getLong(1);
                    byte[] hash = Blobs.get(rs, 2);
                    // A store written before JournalApplier.apply removed an earlier attempt's rows may hold a tile
                    // root twice (a full disk did that); the same root twice is harmless, two different ones are not.
                    if (index == previous) {
                        if (!Arrays.equals(hash, tileRoots.getLast())) {
                            throw new IllegalStateException("tenant " + tenant + " has two different roots for tile " + index);
                        }
                        continue;
                    }
                    tileRoots.add(hash);
                    previous = index;
                }
            }
        }
        long lastRecorded = 0;
        try (PreparedStatement st = root.prepareStatement("SELECT max(recorded_ms) FROM entries WHERE tenant = ?")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) lastRecorded = rs.getLong(1);
            }
        }
        long size = stored.checkpoint().size();
        TiledTree tree = TiledTree.restore(size, stored.peaks(), tileRoots, leafSource(tenant));
        return new TenantLog(tenant, tree, leafFile(tenant, size), stored.checkpoint(), lastRecorded, applierForReads);
    }

    /** The tenant's leaf hash file, trimmed to the tree and topped up from the database (after a crash: one batch). */
    private LeafHashFile leafFile(String tenant, long treeSize) {
        LeafHashFile file = LeafHashFile.open(leafDir, tenant, treeSize);
        TiledTree.LeafSource fromDatabase = leafSource(tenant);
        for (long from = file.leaves(); from < treeSize; from = file.leaves()) {
            int count = (int) Math.min(1 << 16, treeSize - from);
            long before = file.leaves();
            file.append(from, Arrays.asList(fromDatabase.leaves(from, count)));
            if (file.leaves() == before) break; // the file turned itself off; proofs use the database
        }
        return file;
    }

    private TiledTree.LeafSource leafSource(String tenant) {
        return (from, count) -> {
            TenantLog log = logs.get(tenant); // null while the store opens, when DuckDB holds everything
            if (log != null) log.awaitApplied(from + count);
            return leaves(tenant, from, count);
        };
    }

    private byte[][] leaves(String tenant, long from, int count) {
        return reads.call(c -> {
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
                    while (rs.next()) leaves[(int) (rs.getLong(1) - from)] = Blobs.get(rs, 2);
                }
            }
            for (int i = 0; i < count; i++) {
                if (leaves[i] == null) throw new StoreException("entry " + (from + i) + " of tenant " + tenant + " is missing", null);
            }
            return leaves;
        });
    }

    @Override
    public synchronized boolean createTenant(Tenant tenant) {
        if (tenants.containsKey(tenant.id())) return false;
        TiledTree tree = TiledTree.empty(leafSource(tenant.id()));
        Checkpoint empty = signers.ofNewLog(tenant.id()).signCheckpoint(TenantKeyring.origin(tenant.id()), 0, Rfc6962.emptyRoot());
        admin.run("could not create tenant " + tenant.id(), c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO tenants VALUES (?, ?, ?)")) {
                st.setString(1, tenant.id());
                st.setString(2, tenant.name());
                st.setLong(3, tenant.createdAt().toEpochMilli());
                st.executeUpdate();
            }
            Checkpoints.insert(c, tenant.id(), empty, List.of(), clock.millis());
            return null;
        });
        logs.put(tenant.id(), new TenantLog(tenant.id(), tree, leafFile(tenant.id(), 0), empty, 0, applierForReads));
        tenants.put(tenant.id(), tenant);
        return true;
    }

    @Override
    public synchronized void saveKey(ApiKey key, Recording<ApiKey> recording) {
        log(key.tenant());
        admin.run("could not save the key", c -> {
            ApiKeys.insert(c, key);
            keepFollowUps(c, key.tenant(), recording.event(key), false);
            return null;
        });
        keys.put(key.id(), key);
        appendPendingRecords();
    }

    @Override
    public List<ApiKey> keys(String tenant) {
        log(tenant);
        return keys.values().stream().filter(k -> k.tenant().equals(tenant))
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }

    @Override
    public Optional<ApiKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public synchronized boolean revokeKey(String tenant, String id, Instant at, Recording<ApiKey> recording) {
        ApiKey key = keys.get(id);
        if (key == null || !key.tenant().equals(tenant) || key.revoked()) return false;
        ApiKey revoked = key.asRevokedAt(at);
        admin.run("could not revoke the key", c -> {
            ApiKeys.revoke(c, id, at);
            keepFollowUps(c, tenant, recording.event(revoked), false);
            return null;
        });
        keys.put(id, revoked);
        appendPendingRecords();
        return true;
    }

    @Override
    public Settings settings(String tenant) {
        log(tenant);
        return settings.getOrDefault(tenant, Settings.DEFAULT);
    }

    @Override
    public synchronized void saveSettings(String tenant, Settings newSettings, Recording<Settings> recording) {
        log(tenant);
        admin.run("could not save the settings", c -> {
            SettingsRows.save(c, tenant, newSettings);
            keepFollowUps(c, tenant, recording.event(newSettings), false);
            return null;
        });
        settings.put(tenant, newSettings);
        appendPendingRecords();
    }

    /**
     * Passes of {@link SubjectErasure}, each in a transaction of its own, since a DuckDB transaction cannot update rows
     * committed after it began: the first keeps the erasure's record, later ones replace it with the whole count. The
     * last pass runs with the writer held, and the record is appended and the raw copies removed before the writer goes
     * on: every entry before the record is erased, and no entry is acknowledged between the record and the answer but
     * in the moment it takes to return (the cleanup took 85-270 ms, and entries acknowledged meanwhile were not erased
     * though acknowledged before the erasure answered). The raw copies of the passes before the last are removed before
     * the hold: held, that removal (DuckDB's CHECKPOINT of every row group the passes rewrote) held appends for 2.1 s
     * in a 1 M-entry log. A crash between passes leaves the record of the passes that committed.
     */
    @Override
    public synchronized Erasure erase(String tenant, String subjectId, Recording<Erasure> recording) {
        TenantLog log = log(tenant);
        SubjectErasure erasure = new SubjectErasure(this, tenant, subjectId, Pseudonyms.of(signers.of(tenant), subjectId));
        try {
            Optional<String> record = erasurePass(log, erasure, recording, Optional.empty());
            while (erasure.worthAFreePass(log.checkpoint().size())) erasurePass(log, erasure, recording, record);
            rawCopies.dropBeforeTheLastPass();
            while (erasure.worthAFreePass(log.checkpoint().size())) erasurePass(log, erasure, recording, record);
            long heldAt;
            try (GroupCommitWriter.Held held = writer.hold()) {
                heldAt = System.nanoTime();
                erasurePass(log, erasure, recording, record);
                appendPendingRecords((t, events) -> Appended.awaitCommit(held.submit(log(t), sealed(events))));
                rawCopies.dropIfMarked(held);
            }
            LOG.info("Erased a subject from {} entries of tenant {} (passes: {}); the last pass, with the record and the "
                    + "removal of raw copies, held appends for {} ms", erasure.erasure().entries(), tenant, erasure.passes(),
                    (System.nanoTime() - heldAt) / 1_000_000);
        } catch (RuntimeException e) {
            finishChanges(); // what the passes that committed left to do
            throw e;
        }
        return erasure.erasure();
    }

    /**
     * One pass over what the log holds now, in one transaction: keeps the erasure's record in the first, and
     * replaces it ({@code record}, its key) in a later one that changed anything.
     */
    private Optional<String> erasurePass(TenantLog log, SubjectErasure erasure, Recording<Erasure> recording,
                                         Optional<String> record) {
        long size = log.awaitApplied().size(); // before the transaction begins: it sees only what DuckDB held then
        return admin.run("could not erase the subject", c -> {
            long changed;
            try (ErasedRows rows = ErasedRows.open(c)) {
                changed = erasure.pass(size, chunk -> {
                    try {
                        rows.add(chunk);
                    } catch (SQLException e) {
                        throw new StoreException("could not erase the subject", e);
                    }
                });
                rows.applyTo(log.tenant, changed);
            }
            if (record.isEmpty()) return keepFollowUps(c, log.tenant, recording.event(erasure.erasure()), changed > 0);
            if (changed > 0) {
                Optional<Event> whole = recording.event(erasure.erasure());
                if (whole.isPresent()) PendingRecords.replace(c, record.get(), whole.get());
                RawCopies.mark(c, clock.millis());
            }
            return record;
        });
    }

    /**
     * Moves the removed entries' leaf hashes to {@code pruned_leaves} and deletes the entries, in one
     * transaction; then finishes it as an erasure ({@link #finishChanges}).
     */
    @Override
    public synchronized long prune(String tenant, Instant cutoff, Recording<Long> recording) {
        log(tenant).awaitApplied();
        long removed = admin.run("could not prune", c -> {
            long deleted;
            try (PreparedStatement keep = c.prepareStatement("INSERT INTO pruned_leaves "
                    + "SELECT tenant, seq, leaf_hash FROM entries WHERE tenant = ? AND recorded_ms < ?");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM entries WHERE tenant = ? AND recorded_ms < ?")) {
                for (PreparedStatement st : List.of(keep, delete)) {
                    st.setString(1, tenant);
                    st.setLong(2, cutoff.toEpochMilli());
                }
                keep.executeUpdate();
                deleted = delete.executeUpdate();
            }
            keepFollowUps(c, tenant, recording.event(deleted), deleted > 0);
            return deleted;
        });
        finishChanges();
        return removed;
    }

    /**
     * In the transaction of a change (an erasure, a prune, settings), what must follow it once it has committed:
     * appending its record, and dropping the raw copies of the rows it changed. Written with the change, they survive a
     * crash right after it.
     */
    private Optional<String> keepFollowUps(DuckDBConnection c, String tenant, Optional<Event> record, boolean changedRows)
            throws SQLException {
        if (changedRows) RawCopies.mark(c, clock.millis());
        return PendingRecords.addIfAny(c, tenant, record, clock.millis());
    }

    /**
     * What follows a committed erasure or prune, in this order: its record is appended (one journal write, so a crash
     * leaves the change unrecorded only for that long; {@link PendingRecords}), then the raw copies of what it changed
     * are dropped, which takes up to seconds ({@link RawCopies}). The change is done by then, so neither fails it: a
     * failure is logged and what it left is finished after the next erasure or prune, or when the store opens.
     */
    private void finishChanges() {
        appendPendingRecords();
        rawCopies.dropIfMarked();
    }

    private void appendPendingRecords() {
        appendPendingRecords(this::append);
    }

    private void appendPendingRecords(BiConsumer<String, List<Event>> append) {
        PendingRecords.appendAll(append, () -> admin.run("could not read the pending records", PendingRecords::all),
                key -> admin.run("could not forget an appended record", c -> {
                    PendingRecords.remove(c, key);
                    return null;
                }));
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public List<Tenant> tenants() {
        return tenants.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
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
        long top = log(tenant).awaitApplied().size();
        return reads.call(c -> {
            List<Entry> entries = newestMatching(c, tenant, query, top);
            String next = null;
            if (entries.size() > query.limit()) {
                entries.removeLast();
                next = QueryParameters.encodeCursor(entries.getLast().seq());
            }
            // counted in the page's snapshot: DuckDB may already hold entries beyond it, which the page leaves out
            Long total = query.count()
                    ? new FilterSql(tenant, query.withBeforeSeq(null), top, FilterSql.Substring.CONTAINS_FUNCTION).count(c)
                    : null;
            return new Page(entries, next, total);
        });
    }

    /**
     * The newest {@code limit + 1} matching entries, looked for in windows of seq that grow sixteenfold from
     * the top of the log. Why: {@code ORDER BY seq DESC LIMIT n} over the whole table makes DuckDB scan every
     * row of the tenant; a seq range lets its zone maps skip all row groups outside it. A common filter is
     * answered from the first small window; a rare one costs a few more queries and, in sum, about 16/15 of
     * one full scan (fourfold growth cost 4/3 and seven queries at 10 M entries; there a filter matching
     * nothing took 52 ms at p50 with fourfold growth and 38 ms with sixteenfold, in the benchmark suite).
     */
    private static List<Entry> newestMatching(Connection c, String tenant, EntryQuery query, long top) throws SQLException {
        int wanted = query.limit() + 1;
        List<Entry> entries = new ArrayList<>(wanted);
        long high = query.beforeSeq() == null ? top : Math.min(top, query.beforeSeq());
        long window = FIRST_WINDOW;
        while (high > 0 && entries.size() < wanted) {
            long low = Math.max(0, high - window);
            FilterSql filter = new FilterSql(tenant, query.withBeforeSeq(null), high, FilterSql.Substring.CONTAINS_FUNCTION);
            try (PreparedStatement st = c.prepareStatement("SELECT " + Schema.ENTRY_COLUMNS + " FROM entries WHERE "
                    + filter.where() + " AND seq >= ? ORDER BY seq DESC LIMIT ?")) {
                int next = filter.bind(st, 1);
                st.setLong(next, low);
                st.setInt(next + 1, wanted - entries.size());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) entries.add(EntryRows.read(rs));
                }
            }
            high = low;
            window *= 16;
        }
        return entries;
    }

    /** One grouped count over the filtered rows: the columnar scan reads only the filter and time columns. */
    @Override
    public long[] countPerBucket(String tenant, EntryQuery query, Instant start, Duration width, int buckets) {
        log(tenant).awaitApplied();
        return reads.call(c -> new FilterSql(tenant, query.withBeforeSeq(null), Long.MAX_VALUE, FilterSql.Substring.CONTAINS_FUNCTION)
                .countPerBucket(c, start, width, buckets, "//"));
    }

    /**
     * A scan of one column: about 60 ms over 10 M rows of eight channels on the 2-core machine of docs/BENCHMARKS.md,
     * which the page pays at most once a minute per tenant (ChannelList).
     */
    @Override
    public List<String> channels(String tenant) {
        log(tenant).awaitApplied();
        return reads.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT channel FROM entries WHERE tenant = ? ORDER BY channel")) {
                st.setString(1, tenant);
                List<String> channels = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) channels.add(rs.getString(1));
                }
                return channels;
            }
        });
    }

    /**
     * Finds an entry by id. Ids are UUIDv7 stamped with the entry's recorded time, so the lookup also
     * filters on that millisecond, which lets DuckDB skip every row group outside it.
     */
    @Override
    public Optional<Entry> entry(String tenant, String id) {
        log(tenant).awaitApplied();
        OptionalLong recordedMs = EntryIds.recordedMillis(id);
        if (recordedMs.isEmpty()) return Optional.empty();
        return reads.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + Schema.ENTRY_COLUMNS
                    + " FROM entries WHERE tenant = ? AND recorded_ms = ? AND id = ?")) {
                st.setString(1, tenant);
                st.setLong(2, recordedMs.getAsLong());
                st.setString(3, id.toLowerCase(Locale.ROOT)); // ids are UUIDs, written in lower case; their hex is case-free
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(EntryRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void scan(String tenant, EntryQuery query, long fromSeq, long treeSize, Consumer<Entry> sink) {
        log(tenant).awaitApplied(treeSize);
        reads.stream(newestFirst(tenant, query, fromSeq, treeSize, Schema.ENTRY_COLUMNS, EntryRows.Row::read),
                row -> sink.accept(row.entry()));
    }

    /** The same rows as {@link #scan}, fetched and formatted by {@link CsvExportScan}. */
    @Override
    public long exportCsv(String tenant, EntryQuery query, long treeSize, OutputStream out) {
        log(tenant).awaitApplied(treeSize);
        return CsvExportScan.write(reads, newestFirst(tenant, query, 0, treeSize, CsvFrame.COLUMNS, rs -> CsvFrame.read(rs, tenant)),
                tenant, out);
    }

    /** Reads a row of a result set. */
    @FunctionalInterface
    private interface RowMapper<R> {
        R map(ResultSet rs) throws SQLException;
    }

    /**
     * The query's matching rows from {@code fromSeq} up to {@code treeSize} as {@code columns}, newest first: one part per window of
     * {@link #SCAN_WINDOW} seq numbers, so that the zone maps skip every row group outside it and the read pool
     * runs the next window's query while the caller works through the current one.
     */
    private static <R> List<ReadPool.RowReader<R>> newestFirst(String tenant, EntryQuery query, long fromSeq, long treeSize,
                                                               String columns, RowMapper<R> mapper) {
        EntryQuery filters = query.withBeforeSeq(null);
        List<ReadPool.RowReader<R>> windows = new ArrayList<>();
        for (long high = treeSize; high > fromSeq; high -= SCAN_WINDOW) {
            long top = high;
            windows.add((c, rows) -> {
                FilterSql filter = new FilterSql(tenant, filters, top, FilterSql.Substring.CONTAINS_FUNCTION);
                try (PreparedStatement st = c.prepareStatement("SELECT " + columns + " FROM entries WHERE "
                        + filter.where() + " AND seq >= ? ORDER BY seq DESC")) {
                    st.setLong(filter.bind(st, 1), Math.max(fromSeq, top - SCAN_WINDOW));
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) rows.accept(mapper.map(rs));
                    }
                }
            });
        }
        return windows;
    }

    @Override
    public long unappliedBytes() {
        return applier.waitingBytes();
    }

    @Override
    public List<StoreGauge> gauges() {
        List<StoreGauge> gauges = new ArrayList<>(reads.gauges());
        gauges.add(writer.waitingGauge());
        gauges.add(new StoreGauge("auditlog.store.duckdb.memory.used.bytes", "Memory DuckDB holds, its buffer cache included, "
                + "outside the Java heap", Map.of(), () -> reads.call(c -> DuckDbMemory.usedBytes(c))));
        gauges.add(new StoreGauge("auditlog.store.duckdb.memory.limit.bytes", "The most memory DuckDB may take (--duckdb-memory-limit)",
                Map.of(), () -> reads.call(c -> DuckDbMemory.limitBytes(c))));
        return gauges;
    }

    @Override
    public Optional<String> problem() {
        return applier.problem();
    }

    @Override
    public Checkpoint checkpoint(String tenant) {
        return log(tenant).checkpoint();
    }

    @Override
    public String signNote(String tenant, String text) {
        log(tenant);
        return signers.of(tenant).sign(text);
    }

    @Override
    public NodeReader nodes(String tenant) {
        return log(tenant).tree;
    }

    @Override
    public VerificationReport verify(String tenant) {
        Checkpoint checkpoint = log(tenant).awaitApplied();
        long size = checkpoint.size();
        LogVerifier verifier = new LogVerifier(checkpoint, signers.verifierKey(tenant));
        reads.call(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT seq, leaf_hash FROM pruned_leaves WHERE tenant = ? AND seq < ? ORDER BY seq")) {
                st.setString(1, tenant);
                st.setLong(2, size);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next() && verifier.acceptPruned(rs.getLong(1), Blobs.get(rs, 2))) {
                        // acceptPruned() stops at the first gap
                    }
                }
            }
            return null;
        });
        if (verifier.report() != null) return verifier.finish();
        reads.<EntryRows.Row>stream((c, rows) -> {
            for (long low = 0; low < size; low += SCAN_WINDOW) {
                try (PreparedStatement st = c.prepareStatement("SELECT " + Schema.ENTRY_COLUMNS
                        + " FROM entries WHERE tenant = ? AND seq >= ? AND seq < ? ORDER BY seq")) {
                    st.setString(1, tenant);
                    st.setLong(2, low);
                    st.setLong(3, Math.min(size, low + SCAN_WINDOW));
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) rows.accept(EntryRows.Row.read(rs));
                    }
                }
            }
        }, row -> {
            if (verifier.report() == null) verifier.accept(row.entry()); // after the first bad entry, only drain
        });
        return verifier.finish();
    }

    private TenantLog log(String tenant) {
        TenantLog log = logs.get(tenant);
        if (log == null) throw new UnknownTenantException(tenant);
        return log;
    }

    @Override
    public void close() {
        writer.close();
        applier.close();
        try {
            journal.close(applier.applied());
        } catch (IOException e) {
            LOG.warn("closing the journal failed; the next start replays what DuckDB may lack", e);
        }
        reads.close();
        try {
            root.close();
        } catch (SQLException e) {
            throw new StoreException("could not close the store cleanly", e);
        }
    }
}
