package dev.auditlog.store.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the partitions of {@code entries} before rows need them: one per tenant, and in it one per UTC month
 * (the SQL function {@code auditlog_ensure_partition} of migration V4 does the DDL). There is no default
 * partition: a row outside every partition fails loudly instead of landing where a month-wise prune cannot
 * drop it. Partitions this process created or saw are remembered, so a batch costs no DDL round trip.
 */
final class Partitions {
    private record TenantMonth(String tenant, YearMonth month) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);
    /** How long partition DDL waits for readers before it gives way (see {@link #ensure}, {@link #removeMonthsBefore}). */
    private static final int AHEAD_LOCK_TIMEOUT_MS = 100;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Set<TenantMonth> known = ConcurrentHashMap.newKeySet();

    /**
     * Ensures the tenant has a partition for the month of {@code ms}, and tries to create next month's ahead.
     *
     * <p>Why "tries": creating a partition locks its parent against every reader, so it waits for the longest
     * running scan of the tenant (a big export, say) while the single writer, and with it every tenant's
     * appends, waits too. The month being written must exist, so that one waits if it has to; next month's is
     * only attempted with a short lock timeout, and on a timeout the next batch tries again. A month starts
     * with its partition already there, made ahead by some batch of the month before.
     */
    void ensure(Database db, String tenant, long ms) throws SQLException {
        YearMonth month = monthOf(ms);
        TenantMonth now = new TenantMonth(tenant, month);
        TenantMonth next = new TenantMonth(tenant, month.plusMonths(1));
        if (!known.contains(now)) {
            db.transaction(c -> {
                create(c, tenant, ms);
                return null;
            });
            known.add(now);
        }
        if (known.contains(next)) return;
        try {
            db.transaction(c -> {
                try (Statement st = c.createStatement()) {
                    giveWayToReaders(st);
                }
                create(c, tenant, startMs(month.plusMonths(1)));
                return null;
            });
            known.add(next);
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) throw e;
            LOG.debug("next month's partition of tenant {} not created yet: a reader holds its parent", tenant);
        }
    }

    /** The first millisecond of the UTC month holding {@code ms}: where that month's partition begins. */
    static long monthStartMs(long ms) {
        return startMs(monthOf(ms));
    }

    private static YearMonth monthOf(long ms) {
        return YearMonth.from(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
    }

    private static long startMs(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /**
     * Removes the tenant's entries of every month that ends at or before {@code beforeMs}, inside the caller's
     * prune transaction (the SQL function refuses outside one): drops those months' partitions, or, when a
     * reader holds them, deletes their rows instead and leaves the empty partitions to a later prune. Why not
     * wait: a DROP waits for the reader (an export may take minutes), and meanwhile every append of the tenant
     * queues behind the DROP's lock, holding up the writer of every tenant.
     */
    void removeMonthsBefore(Connection c, String tenant, long beforeMs) throws SQLException {
        Savepoint beforeDrop = c.setSavepoint();
        try (Statement st = c.createStatement();
             PreparedStatement drop = c.prepareStatement("SELECT auditlog_drop_partitions_before(?, ?)")) {
            giveWayToReaders(st);
            drop.setString(1, tenant);
            drop.setLong(2, beforeMs);
            drop.execute();
            st.execute("SET LOCAL lock_timeout TO DEFAULT");
            c.releaseSavepoint(beforeDrop);
            known.removeIf(k -> k.tenant.equals(tenant));
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) throw e;
            c.rollback(beforeDrop);
            LOG.info("partitions of tenant {} are being read: the prune deletes their rows instead", tenant);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM entries WHERE tenant = ? AND recorded_ms < ?")) {
                delete.setString(1, tenant);
                delete.setLong(2, beforeMs);
                delete.executeUpdate();
            }
        }
    }

    /** Lets this transaction's partition DDL give up after {@link #AHEAD_LOCK_TIMEOUT_MS} instead of waiting for readers. */
    private static void giveWayToReaders(Statement st) throws SQLException {
        st.execute("SET LOCAL lock_timeout = '" + AHEAD_LOCK_TIMEOUT_MS + "ms'");
    }

    /**
     * Makes, unless it exists, the tenant's partition for the month of {@code ms} inside the caller's transaction.
     * Not remembered: the transaction may still roll back; the writer's first {@link #ensure} finds it made.
     */
    static void create(Connection c, String tenant, long ms) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT auditlog_ensure_partition(?, ?)")) {
            st.setString(1, tenant);
            st.setLong(2, ms);
            st.execute();
        }
    }
}
