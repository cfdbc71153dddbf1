package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.store.EntryColumns;
import dev.auditlog.core.store.EntryQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WHERE clause of an {@link EntryQuery} in PostgreSQL: one condition per filter, AND-ed, every value a
 * bound parameter. Substring tests are {@code LIKE} with escaped patterns, which a trigram index serves.
 */
final class FilterSql {
    private final StringBuilder where = new StringBuilder("tenant = ?");
    private final List<Object> params = new ArrayList<>();

    FilterSql(String tenant, EntryQuery q, long belowSeq) {
        params.add(tenant);
        add("seq < ?", belowSeq);
        if (q.beforeSeq() != null) add("seq < ?", q.beforeSeq());
        if (q.q() != null) add("lower(description) LIKE ?", "%" + escapeLike(q.q().toLowerCase(Locale.ROOT)) + "%");
        if (q.event() != null) add("event = ?", q.event().wire());
        if (q.action() != null) add("action = ?", q.action());
        if (q.channel() != null) add("channel = ?", q.channel());
        if (q.actor() != null) {
            if (EntryQuery.SYSTEM_ACTOR.equals(q.actor())) {
                where.append(" AND ((actor_type IS NULL AND actor_id IS NULL) OR actor_type = 'system' OR actor_id = 'system')");
            } else {
                add("actor_id = ?", q.actor());
            }
        }
        if (q.actorType() != null) add("actor_type = ?", q.actorType());
        if (q.targetType() != null) add("target_type = ?", q.targetType());
        if (q.targetId() != null) add("target_id = ?", q.targetId());
        if (q.concerns() != null) {
            where.append(" AND (target_id = ? OR strpos(concern_ids, ?) > 0)");
            params.add(q.concerns());
            params.add(EntryColumns.concernIdNeedle(q.concerns()));
        }
        if (q.status() != null) add("status = ?", q.status());
        if (q.ip() != null) add("ip = ?", q.ip());
        if (q.from() != null) add("recorded_ms >= ?", q.from().toEpochMilli());
        if (q.to() != null) add("recorded_ms <= ?", q.to().toEpochMilli());
    }

    private void add(String condition, Object value) {
        where.append(" AND ").append(condition);
        params.add(value);
    }

    /** LIKE's default escape character is the backslash. */
    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    String where() {
        return where.toString();
    }

    /** Binds the parameters starting at {@code first}; returns the next free index. */
    int bind(PreparedStatement st, int first) throws SQLException {
        int i = first;
        for (Object p : params) st.setObject(i++, p);
        return i;
    }
}
