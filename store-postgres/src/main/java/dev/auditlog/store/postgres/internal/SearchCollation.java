package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.store.FilterSql;
import dev.auditlog.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which collation lowers descriptions for the {@code q} search, chosen once when the store opens.
 *
 * <p>Why it is chosen, not assumed: PostgreSQL's {@code lower()} follows the database's locale. In a C.UTF-8 or
 * en_US.UTF-8 database it lowers letter by letter as the search's other half does (the needle, lowered in Java, and
 * {@code verify}, which decides in memory whether each entry of a filtered export is one its {@code q} chooses). In
 * a Turkish database it lowers I to ı, so {@code q=ISTANBUL} finds nothing and a genuine {@code q=ı} export fails
 * {@code verify}; in a C database it lowers ASCII only, so {@code q=ärger} misses "Ärger". So the store asks the
 * database to lower {@link FilterSql#LOWERING_PROBE} and compares: the database's own lowering when it agrees (the
 * trigram index on {@code lower(description)} serves the search), else the first of a few collations that agree
 * (the search scans, and the log says how to index it), else the store refuses to open, saying how to create a
 * database that works. A database not in UTF8 is refused first: it cannot hold text of every script, nor the probe.
 * {@link Database} asks before it migrates the schema, so a refused database is left as it was.
 */
final class SearchCollation {
    private static final Logger LOG = LoggerFactory.getLogger(SearchCollation.class);
    /** Collations that lower code point by code point where they exist: PostgreSQL 17's builtin, glibc's, macOS'. */
    private static final List<String> CANDIDATES = List.of("pg_c_utf8", "C.utf8", "C.UTF-8", "en_US.utf8", "en_US.UTF-8");

    private static final String CREATE = "CREATE DATABASE … ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
            + "TEMPLATE template0";

    private SearchCollation() {
    }

    static FilterSql.Substring choose(Connection c) {
        String expected = FilterSql.lowered(FilterSql.LOWERING_PROBE);
        try {
            String encoding = database(c, "pg_encoding_to_char(encoding)");
            if (!encoding.equals("UTF8")) {
                throw new StoreException("this PostgreSQL database's encoding is " + encoding + ": Auditlog stores text in "
                        + "every script and needs a UTF8 database (" + CREATE + ")", null);
            }
            if (expected.equals(lower(c, "lower(?)"))) return FilterSql.Substring.ESCAPED_LIKE;
            for (String collation : CANDIDATES) {
                String quoted = '"' + collation + '"';
                if (exists(c, collation) && expected.equals(lower(c, "lower(? COLLATE " + quoted + ")"))) {
                    LOG.warn("This PostgreSQL database's locale ({}) lowers letters otherwise than the search does "
                            + "(I as ı, İ as i and a dot, or nothing beyond ASCII): searches lower descriptions in collation {} instead, "
                            + "scanning them; to index that search, run: CREATE INDEX entries_description_{} ON entries "
                            + "USING gin (lower(description COLLATE {}) gin_trgm_ops)", locale(c), quoted,
                            collation.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT), quoted);
                    return FilterSql.Substring.escapedLike(quoted);
                }
            }
            throw new StoreException("this PostgreSQL database's locale (" + locale(c) + ") lowers letters otherwise than "
                    + "Auditlog's search and verify do, and none of the collations " + String.join(", ", CANDIDATES)
                    + " exists to lower them instead: create the database with LC_CTYPE 'C.UTF-8' or 'en_US.UTF-8' ("
                    + CREATE + ")", null);
        } catch (SQLException e) {
            throw new StoreException("could not ask PostgreSQL how it lowers text", e);
        }
    }

    private static String lower(Connection c, String expression) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + expression)) {
            st.setString(1, FilterSql.LOWERING_PROBE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean exists(Connection c, String collation) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_collation WHERE collname = ? "
                + "AND collencoding IN (-1, (SELECT encoding FROM pg_database WHERE datname = current_database()))")) {
            st.setString(1, collation);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The locale that lowers the database's text: its ICU locale where ICU provides it (PostgreSQL 15 and later; the
     * column is {@code daticulocale}, then {@code datlocale}, read through JSON so that either version's name does),
     * else its {@code LC_CTYPE}.
     */
    private static String locale(Connection c) throws SQLException {
        return database(c, "CASE WHEN to_jsonb(d) ->> 'datlocprovider' = 'i' THEN 'ICU ' || coalesce(to_jsonb(d) ->> "
                + "'datlocale', to_jsonb(d) ->> 'daticulocale') ELSE datctype END");
    }

    /** A column of this database's row in {@code pg_database}. */
    private static String database(Connection c, String column) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + column + " FROM pg_database d WHERE datname = current_database()");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)).orElse("?") : "?";
        }
    }
}
