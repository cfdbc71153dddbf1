package dev.auditlog.core.store;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.export.CsvExport;
import dev.auditlog.core.merkle.NodeReader;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import dev.auditlog.core.settings.Settings;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where tenant logs live. Every store (embedded DuckDB, PostgreSQL) implements this one interface and
 * passes the one conformance suite ({@code LogStoreConformance} in core's tests).
 *
 * <p>Promises every implementation keeps:
 * <ul>
 *   <li>{@link #append} is atomic per call and returns only once its entries, the tree state and a signed
 *       checkpoint covering them are durable;</li>
 *   <li>seq numbers per tenant start at 0 and have no gaps; nothing ever updates or deletes an entry
 *       (retention prune, and {@link #erase}'s rewrite of personal fields, excepted);</li>
 *   <li>every method checks the tenant exists and touches no other tenant's data.</li>
 * </ul>
 */
public interface LogStore extends AutoCloseable {

    /** Creates a tenant; false when it already existed. */
    boolean createTenant(Tenant tenant);

    Optional<Tenant> tenant(String id);

    List<Tenant> tenants();

    /**
     * Appends events atomically and durably. Events whose idempotency key was seen before in the tenant
     * append nothing and answer the first entry with {@link Appended#duplicate()} set.
     *
     * @throws UnknownTenantException when the tenant does not exist
     */
    List<Appended> append(String tenant, List<Event> events);

    /** One page of entries matching the query, newest first. */
    Page query(String tenant, EntryQuery query);

    Optional<Entry> entry(String tenant, String id);

    /** The channels the tenant's entries are in, sorted: the page offers them in its Channel filter. */
    List<String> channels(String tenant);

    /**
     * Streams every entry matching the query's filters (paging ignored), newest first, whose seq is
     * below {@code treeSize}: the export of a snapshot.
     */
    default void scan(String tenant, EntryQuery query, long treeSize, Consumer<Entry> sink) {
        scan(tenant, query, 0, treeSize, sink);
    }

    /** As {@link #scan(String, EntryQuery, long, Consumer)}, only the entries whose seq is {@code fromSeq} or more. */
    void scan(String tenant, EntryQuery query, long fromSeq, long treeSize, Consumer<Entry> sink);

    /**
     * Writes the CSV export ({@link CsvExport}) of what {@link #scan} streams for the same arguments to
     * {@code out}, which the caller closes, and returns the number of entries. This default formats the scanned
     * entries; a store may override it with a faster way to exactly the same bytes.
     */
    default long exportCsv(String tenant, EntryQuery query, long treeSize, OutputStream out) {
        return CsvExport.write(out, sink -> scan(tenant, query, treeSize, sink));
    }

    /**
     * Bytes of acknowledged appends the store has made durable but not yet written where reads find them (the
     * embedded store's journal backlog; reads wait for it). Zero for a store that writes straight through. A
     * number that keeps growing means the database cannot keep up with ingest.
     */
    default long unappliedBytes() {
        return 0;
    }

    /** Figures of the store's readers, connections and writer for {@code /metrics}; none by default. */
    default List<StoreGauge> gauges() {
        return List.of();
    }

    /**
     * What keeps the store from working right now, if anything: a database it cannot reach or write (the embedded
     * store's applier failing on a full disk, PostgreSQL gone). The server's {@code /healthz} answers 503 with it, so
     * that a load balancer or an operator sees a server that acknowledges nothing or answers no query.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * How many entries match the query's filters (paging ignored) in each of {@code buckets} consecutive
     * time slices of width {@code width} starting at {@code start}: the page's activity histogram, one grouped
     * count in the database ({@link FilterSql#countPerBucket}).
     */
    long[] countPerBucket(String tenant, EntryQuery query, Instant start, Duration width, int buckets);

    /** The latest signed checkpoint (size 0 with the empty root for an empty log). */
    Checkpoint checkpoint(String tenant);

    /**
     * Signs a note text (ending with a newline) with the key that signs the tenant's checkpoints, as a C2SP signed
     * note: for what the log vouches for beside them, such as what an export holds. Verifies with
     * {@link Checkpoint#publicKey}.
     */
    String signNote(String tenant, String text);

    /** Complete-subtree hashes of the tenant's tree, for proofs over any size up to the current one. */
    NodeReader nodes(String tenant);

    /**
     * Stores a new API key (the caller made its id and hashed its secret), with the entry {@code recording} makes of it,
     * kept and appended as {@link #erase(String, String, Recording)} says: a key never exists without its record.
     */
    void saveKey(ApiKey key, Recording<ApiKey> recording);

    /** {@link #saveKey(ApiKey, Recording)} without a record. */
    default void saveKey(ApiKey key) {
        saveKey(key, Recording.nothing());
    }

    /** The tenant's keys, revoked ones included, oldest first. */
    List<ApiKey> keys(String tenant);

    /** A key by its id, whatever its tenant (authentication looks keys up before it knows the tenant). */
    Optional<ApiKey> key(String id);

    /**
     * Revokes a key of the tenant, with the entry {@code recording} makes of the key as revoked, kept and appended as
     * {@link #saveKey(ApiKey, Recording)} says; false, and nothing recorded, when the tenant has no such key or it was
     * already revoked.
     */
    boolean revokeKey(String tenant, String id, java.time.Instant at, Recording<ApiKey> recording);

    /** {@link #revokeKey(String, String, java.time.Instant, Recording)} without a record. */
    default boolean revokeKey(String tenant, String id, java.time.Instant at) {
        return revokeKey(tenant, id, at, Recording.nothing());
    }

    /** The tenant's settings; {@link Settings#DEFAULT} until some were saved. */
    Settings settings(String tenant);

    /**
     * Replaces the tenant's settings. They are not entries; the entry {@code recording} makes of the new settings records
     * the change, kept and appended as {@link #erase(String, String, Recording)} says, so a change that committed is
     * done even if appending its record fails just then.
     */
    void saveSettings(String tenant, Settings settings, Recording<Settings> recording);

    /** {@link #saveSettings(String, Settings, Recording)} without a record. */
    default void saveSettings(String tenant, Settings settings) {
        saveSettings(tenant, settings, Recording.nothing());
    }

    /**
     * GDPR erasure: removes the person with id {@code subjectId} (as actor, target or concern) from the personal
     * fields of every entry before its record, those appended while it runs included
     * ({@link dev.auditlog.core.erasure.SubjectErasure}), showing a stable per-tenant pseudonym instead (see
     * {@link dev.auditlog.core.erasure.SubjectScrubber}). Entries stay and keep their leaf hashes; an erased
     * entry stores the commitment to its original personal fields in place of its salt. This is the one
     * rewrite of stored entries a store allows, and only of their personal fields. Erasing again changes
     * nothing and answers the same pseudonym.
     *
     * <p>The entry {@code recording} makes of the outcome commits with the rewrite and is appended to the tenant's log
     * right after it ({@link PendingRecords}). Once the rewrite has committed the erasure is done and is returned: what
     * follows (appending the record, dropping raw copies of the old values) cannot fail it; a failure there is logged
     * and the step retried after the next erasure or prune and when the store opens.
     *
     * @throws StoreException when the rewrite did not commit: then nothing changed and nothing is recorded. On a store
     *                        that commits the passes one by one, a later pass may fail after the first committed: those
     *                        stay done and recorded, and erasing again finishes the erasure.
     */
    Erasure erase(String tenant, String subjectId, Recording<Erasure> recording);

    /** {@link #erase(String, String, Recording)} without a record. */
    default Erasure erase(String tenant, String subjectId) {
        return erase(tenant, subjectId, Recording.nothing());
    }

    /**
     * Retention prune: removes every entry recorded before {@code cutoff} (a prefix of the log, since
     * recorded times never decrease along seq). Each removed entry's 32-byte leaf hash is kept, so inclusion
     * proofs of the remaining entries, consistency proofs from any earlier checkpoint, exports and
     * {@link #verify} keep working; nothing else of a removed entry stays. The caller enforces the
     * retention floor and archive delivery. The run is recorded, and done once it has committed, as
     * {@link #erase(String, String, Recording)} says.
     *
     * @param recording makes the entry that records the run from the number of entries it removed
     * @return how many entries were removed
     */
    long prune(String tenant, java.time.Instant cutoff, Recording<Long> recording);

    /** {@link #prune(String, java.time.Instant, Recording)} without a record. */
    default long prune(String tenant, java.time.Instant cutoff) {
        return prune(tenant, cutoff, Recording.nothing());
    }

    /**
     * Recomputes every entry's leaf hash and the tree root and compares them with what was signed; a pruned
     * prefix enters the root through its kept leaf hashes.
     */
    VerificationReport verify(String tenant);

    @Override
    void close();
}
