package dev.auditlog.store.postgres.internal;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the monthly partitions of {@code entries} before rows need them. There is no default partition:
 * a row outside every partition fails loudly instead of landing where a month-wise prune cannot drop it.
 *
 * <p>Creation takes a database-wide advisory lock in its own transaction, so several servers creating the
 * same month at once do not trip over each other's catalogue rows.
 */
final class Partitions {
    /** Any constant distinct from hashtext() of a tenant id is fine; collisions only serialise more. */
    private static final long LOCK_KEY = 0x6175_6469_746c_6f67L; // "auditlog"

    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    /** Ensures partitions exist for the month of {@code ms} and the month after it. */
    void ensure(Database db, long ms) throws SQLException {
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
        if (known.contains(month) && known.contains(month.plusMonths(1))) return;
        db.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                create(st, month);
                create(st, month.plusMonths(1));
            }
            return null;
        });
        known.add(month);
        known.add(month.plusMonths(1));
    }

    private static void create(Statement st, YearMonth month) throws SQLException {
        long from = startMs(month);
        long to = startMs(month.plusMonths(1));
        st.execute("CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF entries FOR VALUES FROM ("
                + from + ") TO (" + to + ")");
    }

    private static String name(YearMonth month) {
        return String.format("entries_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    private static long startMs(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
