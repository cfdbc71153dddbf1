package dev.auditlog.store.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the partitions of {@code entries} before rows need them: one per tenant, and in it one per UTC month
 * (the SQL function {@code auditlog_ensure_partition} of migration V4 does the DDL). There is no default
 * partition: a row outside every partition fails loudly instead of landing where a month-wise prune cannot
 * drop it. Partitions this process created or saw are remembered, so a batch costs no DDL round trip.
 */
final class Partitions {
    private record TenantMonth(String tenant, YearMonth month) {
    }

    private final Set<TenantMonth> known = ConcurrentHashMap.newKeySet();

    /** Ensures the tenant has partitions for the month of {@code ms} and the month after it. */
    void ensure(Database db, String tenant, long ms) throws SQLException {
        YearMonth month = monthOf(ms);
        TenantMonth now = new TenantMonth(tenant, month);
        TenantMonth next = new TenantMonth(tenant, month.plusMonths(1));
        if (known.contains(now) && known.contains(next)) return;
        db.transaction(c -> {
            create(c, tenant, ms);
            create(c, tenant, startMs(month.plusMonths(1)));
            return null;
        });
        known.add(now);
        known.add(next);
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
     * Drops the tenant's month partitions that end at or before {@code beforeMs}, inside the caller's prune
     * transaction (the function refuses outside one), and forgets them.
     */
    int dropBefore(Connection c, String tenant, long beforeMs) throws SQLException {
        known.removeIf(k -> k.tenant.equals(tenant));
        try (PreparedStatement st = c.prepareStatement("SELECT auditlog_drop_partitions_before(?, ?)")) {
            st.setString(1, tenant);
            st.setLong(2, beforeMs);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void create(Connection c, String tenant, long ms) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT auditlog_ensure_partition(?, ?)")) {
            st.setString(1, tenant);
            st.setLong(2, ms);
            st.execute();
        }
    }
}
