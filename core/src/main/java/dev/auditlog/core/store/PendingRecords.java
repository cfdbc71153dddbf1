package dev.auditlog.core.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries that record a change ({@link Recording}: an erasure, a prune, new settings), kept in the store's database
 * from the change's own transaction until they are appended to the log: table {@code pending_records (key, tenant, event, created_ms)}, the
 * same in both stores.
 *
 * <p>Why: the server appended the record after the change had returned, so a crash in between (an erasure's cleanup
 * took seconds) or a failure of the cleanup left the change made and never recorded, and erasing again then recorded
 * {@code "entries": 0} (black-box reports F2, F8). Now the record commits with the change and is appended right after
 * the commit, before any slow cleanup; what is still pending after a crash or a failed append is appended when the
 * store opens, or after the next such change. (Settings answered 503 the same way when the record's append failed on
 * a full disk after they were saved.)
 *
 * <p>Exactly once: a pending record's event carries an idempotency key of its own ({@value #KEY_PREFIX} and a random
 * UUID), so appending it again (after a crash between its append and the removal of its row, or by two servers sharing
 * a PostgreSQL database) answers the entry already there instead of adding one.
 */
public final class PendingRecords {
    /** How the idempotency key of a change's record begins. */
    public static final String KEY_PREFIX = Event.AUDITLOG_KEY_PREFIX + "record-";
    private static final Logger LOG = LoggerFactory.getLogger(PendingRecords.class);

    /** A record not yet appended: its tenant and its event, whose idempotency key is the row's key. */
    public record Pending(String tenant, Event event) {
    }

    private PendingRecords() {
    }

    /**
     * Keeps the record of a change in the change's own transaction on {@code c}, with an idempotency key of its own;
     * returns that key.
     */
    public static String add(Connection c, String tenant, Event event, long nowMs) throws SQLException {
        Event keyed = keyed(event);
        String key = keyed.idempotencyKey();
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO pending_records (key, tenant, event, created_ms) VALUES (?, ?, ?, ?)")) {
            st.setString(1, key);
            st.setString(2, tenant);
            st.setString(3, EntryJson.putEvent(JsonNodeFactory.instance.objectNode(), keyed).toString());
            st.setLong(4, nowMs);
            st.executeUpdate();
        }
        return key;
    }

    /**
     * The record with an idempotency key of its own ({@value #KEY_PREFIX} and a random UUID), as every record of a
     * change carries, whether it waits here or is appended in the change's own transaction (a PostgreSQL erasure's).
     */
    public static Event keyed(Event record) {
        return record.withIdempotencyKey(KEY_PREFIX + UUID.randomUUID());
    }

    /** Keeps the record a change made, if it made one ({@link Recording}), as {@link #add} does; returns its key. */
    public static Optional<String> addIfAny(Connection c, String tenant, Optional<Event> record, long nowMs) throws SQLException {
        return record.isPresent() ? Optional.of(add(c, tenant, record.get(), nowMs)) : Optional.empty();
    }

    /**
     * Replaces the event of the pending record with this key, in the transaction of a later part of the same change (an
     * erasure that catches up on entries appended while it ran): the record then says what the whole change did.
     */
    public static void replace(Connection c, String key, Event event) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE pending_records SET event = ? WHERE key = ?")) {
            st.setString(1, EntryJson.putEvent(JsonNodeFactory.instance.objectNode(), event.withIdempotencyKey(key)).toString());
            st.setString(2, key);
            if (st.executeUpdate() != 1) throw new SQLException("the pending record " + key + " is gone");
        }
    }

    /** Every pending record, oldest first. */
    public static List<Pending> all(Connection c) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT tenant, event FROM pending_records ORDER BY created_ms, key");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) pending.add(new Pending(rs.getString(1), EntryJson.readEvent(EntryColumns.parse(rs.getString(2)))));
        }
        return pending;
    }

    /** Forgets the pending record with this idempotency key, once it is in the log. */
    public static void remove(Connection c, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM pending_records WHERE key = ?")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }

    /**
     * Appends every pending record to its tenant's log, oldest first, forgetting each once it is in. Never throws: the
     * change a record records is done whatever happens here, so a failure (the log cannot take appends) is logged in one
     * line and leaves the record pending for the next call; the others are still tried.
     *
     * @param append  appends events to a tenant's log ({@link LogStore#append}, or an erasure's held writer)
     * @param pending reads the pending records ({@link #all})
     * @param forget  forgets one by its idempotency key ({@link #remove})
     */
    public static void appendAll(BiConsumer<String, List<Event>> append, Supplier<List<Pending>> pending, Consumer<String> forget) {
        RuntimeException first = null;
        int failed = 0;
        try {
            for (Pending record : pending.get()) {
                try {
                    append.accept(record.tenant(), List.of(record.event()));
                    forget.accept(record.event().idempotencyKey());
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                    failed++;
                }
            }
        } catch (RuntimeException e) { // the pending records could not be read
            first = e;
            failed = 1;
        }
        if (first == null) return;
        LOG.error("Could not append {} of the entries recording erasures, prunes or settings yet; they stay pending in the "
                + "database and are appended after the next such change, or at the next start: {}", failed, RootCause.describe(first));
        LOG.debug("The failure logged above", first);
    }
}
