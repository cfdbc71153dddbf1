package dev.auditlog.core.store;

import dev.auditlog.core.event.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an {@link EntryQuery} over an {@code entries} table, shared by the SQL stores: one
 * condition per filter, AND-ed, every value a bound parameter (never concatenated). Built once per query;
 * {@link #bind} fills a statement from a given parameter index.
 *
 * <p>The stores differ only in how a case-insensitive substring test is written best for their engine,
 * which {@link Substring} names.
 */
public final class FilterSql {
    /**
     * How {@code q} is matched against the lowered description, as each engine does it best: by DuckDB's
     * {@code contains()}, a vectorised scan with no pattern to escape, or by PostgreSQL's escaped {@code LIKE '%…%'},
     * which a trigram index on {@code lower(description)} serves.
     *
     * <p>{@code loweredDescription} is the SQL that lowers the description: {@code lower(description)}, or with a
     * {@code COLLATE} where a PostgreSQL database's own locale lowers otherwise than the search does ({@link
     * #LOWERING_PROBE}).
     */
    public record Substring(boolean containsFunction, String loweredDescription) {
        public static final Substring CONTAINS_FUNCTION = new Substring(true, "lower(description)");
        public static final Substring ESCAPED_LIKE = new Substring(false, "lower(description)");

        /** An escaped {@code LIKE} on the description lowered in {@code collation}, a name quoted as SQL needs. */
        public static Substring escapedLike(String quotedCollation) {
            return new Substring(false, "lower(description COLLATE " + quotedCollation + ")");
        }
    }

    /**
     * Letters a database's {@code lower()} must lower as the search and {@code verify} do ({@link #lowered}), code
     * point by code point whatever the locale: ASCII (a Turkish locale lowers I to ı, a C locale nothing beyond ASCII),
     * the Latin, Greek and Cyrillic capitals of every Unicode version since 1.1, İ (which ICU lowers to i and a
     * combining dot), and a word-final Σ (which ICU lowers to ς).
     */
    public static final String LOWERING_PROBE = probe();

    private static String probe() {
        StringBuilder probe = new StringBuilder("ABCDEFGHIJKLMNOPQRSTUVWXYZ İ ΟΔΟΣ ");
        int[][] ranges = {{0xC0, 0xDE}, {0x100, 0x17F}, {0x391, 0x3AB}, {0x400, 0x42F}};
        for (int[] range : ranges) {
            for (int c = range[0]; c <= range[1]; c++) {
                if (Character.isUpperCase(c)) probe.appendCodePoint(c);
            }
        }
        return probe.toString();
    }

    /** {@code text} lowered as the search lowers a description, code point by code point. */
    public static String lowered(String text) {
        return SearchText.lowered(text);
    }

    /**
     * An entry with no actor: CONTRACT §4 says the system itself acted, so {@code actor=system} and
     * {@code actor_type=system} both find it beside entries whose actor is of type system.
     */
    private static final String NO_ACTOR = "(actor_type IS NULL AND actor_id IS NULL)";

    private final StringBuilder where = new StringBuilder("tenant = ?");
    private final List<Object> params = new ArrayList<>();

    /**
     * @param belowSeq only entries with a smaller seq (a snapshot's size, or {@code Long.MAX_VALUE})
     */
    public FilterSql(String tenant, EntryQuery q, long belowSeq, Substring substring) {
        params.add(tenant);
        if (belowSeq != Long.MAX_VALUE) add("seq < ?", belowSeq);
        if (q.beforeSeq() != null) add("seq < ?", q.beforeSeq());
        if (q.q() != null) addSearch(q.q(), substring);
        if (q.event() != null) add("event = ?", q.event().wire());
        if (q.action() != null) add("action = ?", q.action());
        if (q.channel() != null) add("channel = ?", q.channel());
        if (q.actor() != null) {
            if (EntryQuery.SYSTEM_ACTOR.equals(q.actor())) {
                where.append(" AND (" + NO_ACTOR + " OR actor_type = 'system' OR actor_id = 'system')");
            } else {
                add("actor_id = ?", q.actor());
            }
        }
        if (q.actorType() != null) {
            if (Actor.SYSTEM.equals(q.actorType())) where.append(" AND (" + NO_ACTOR + " OR actor_type = 'system')");
            else add("actor_type = ?", q.actorType());
        }
        if (q.targetType() != null) add("target_type = ?", q.targetType());
        if (q.targetId() != null) add("target_id = ?", q.targetId());
        if (q.concerns() != null) {
            where.append(" AND (target_id = ? OR strpos(concern_ids, ?) > 0)");
            params.add(q.concerns());
            params.add(EntryColumns.concernIdNeedle(q.concerns()));
        }
        if (q.status() != null) add("status = ?", q.status());
        if (q.ip() != null) add("ip = ?", q.ip());
        if (q.from() != null) add("recorded_ms >= ?", firstMilliAtOrAfter(q.from()));
        if (q.to() != null) add("recorded_ms <= ?", q.to().toEpochMilli());
    }

    /**
     * Times are recorded to the millisecond, but a bound may be finer: {@code from=…12.746999Z} must not find an entry
     * of {@code …12.746Z}, which is before it, so a finer {@code from} counts from the next millisecond ({@code to}
     * truncates, which is already right).
     */
    static long firstMilliAtOrAfter(Instant t) {
        long millis = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    private void add(String condition, Object value) {
        where.append(" AND ").append(condition);
        params.add(value);
    }

    /** {@code q} in each of its spellings ({@link SearchText}), any of which may match. */
    private void addSearch(String q, Substring substring) {
        List<String> spellings = SearchText.spellings(q);
        where.append(" AND (");
        for (int i = 0; i < spellings.size(); i++) {
            if (i > 0) where.append(" OR ");
            String spelling = spellings.get(i);
            if (SearchText.hasSigma(spelling)) appendSigmaBlind(spelling, substring.loweredDescription());
            else if (substring.containsFunction()) append("contains(" + substring.loweredDescription() + ", ?)", spelling);
            else append(substring.loweredDescription() + " LIKE ? ESCAPE '\\'", "%" + escapeLike(spelling) + "%");
        }
        where.append(")");
    }

    private void append(String condition, Object value) {
        where.append(condition);
        params.add(value);
    }

    public String where() {
        return where.toString();
    }

    /** Binds the parameters starting at {@code first}; returns the next free index. */
    public int bind(PreparedStatement st, int first) throws SQLException {
        int i = first;
        for (Object p : params) st.setObject(i++, p);
        return i;
    }

    /** How many entries match: {@code SELECT count(*)} with this clause. */
    public long count(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM entries WHERE " + where())) {
            bind(st, 1);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * How many matching entries fall in each of {@code buckets} time slices of {@code width} from {@code start} (the
     * page's activity histogram): one grouped count in the database. {@code divide} is the engine's integer division,
     * {@code //} in DuckDB and {@code /} (of bigints) in PostgreSQL.
     */
    public long[] countPerBucket(Connection c, Instant start, Duration width, int buckets,
                                 String divide) throws SQLException {
        long[] counts = new long[buckets];
        try (PreparedStatement st = c.prepareStatement("SELECT (recorded_ms - ?) " + divide + " ? AS b, count(*) FROM entries WHERE "
                + where() + " AND recorded_ms >= ? GROUP BY b")) {
            st.setLong(1, start.toEpochMilli());
            st.setLong(2, width.toMillis());
            st.setLong(bind(st, 3), start.toEpochMilli());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1);
                    if (b >= 0 && b < buckets) counts[(int) b] = rs.getLong(2);
                }
            }
        }
        return counts;
    }

    /**
     * Both sigmas made σ on both sides ({@link SearchText#hasSigma}). The first condition, with any character where a
     * sigma stands, is only there so that PostgreSQL's trigram index on {@code lower(description)} still narrows the
     * scan; the second decides.
     */
    private void appendSigmaBlind(String needle, String loweredDescription) {
        String escaped = escapeLike(needle);
        char sigma = SearchText.SIGMA;
        char finalSigma = SearchText.FINAL_SIGMA;
        append("(" + loweredDescription + " LIKE ? ESCAPE '\\'", "%" + escaped.replace(finalSigma, '_').replace(sigma, '_') + "%");
        append(" AND replace(" + loweredDescription + ", '" + finalSigma + "', '" + sigma + "') LIKE ? ESCAPE '\\')",
                "%" + escaped.replace(finalSigma, sigma) + "%");
    }

    /** With {@code ESCAPE '\'}, a backslash escapes the pattern characters. */
    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
