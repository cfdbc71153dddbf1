package dev.auditlog.store.embedded.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DuckDB's memory comes to, for {@code /metrics}: it lies outside the Java heap, so the JVM's figures do not show it,
 * yet it counts in the process's resident memory, and with DuckDB's default limit (80% of the machine) it can crowd the
 * heap out.
 */
public final class DuckDbMemory {
    /** A size as DuckDB writes its limit ("488.2 MiB", "18.8 GiB") or takes one ("2GB", "512mb"). */
    private static final Pattern SIZE = Pattern.compile("(?i)([0-9.]+) ?([KMGTP]?i?B|bytes)");

    private DuckDbMemory() {
    }

    /** Bytes DuckDB holds now, over every kind of use (its buffer cache, the WAL, running queries). */
    static long usedBytes(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The limit DuckDB holds its memory to, in bytes (DuckDB rounds it to a tenth of its unit), or -1 when it cannot be read. */
    static long limitBytes(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            return bytes(rs.getString(1));
        }
    }

    /** The bytes a size stands for, in units of 1000 (KB, MB, …) or 1024 (KiB, MiB, …); -1 for no size. */
    public static long bytes(String written) {
        Matcher m = SIZE.matcher(written.strip());
        if (!m.matches()) return -1;
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int power = "BYTES".equals(unit) || "B".equals(unit) ? 0 : "KMGTP".indexOf(unit.charAt(0)) + 1;
        double base = unit.contains("I") ? 1024 : 1000;
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(base, power));
    }
}
