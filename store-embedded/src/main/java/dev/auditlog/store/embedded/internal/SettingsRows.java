package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.SettingsJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code settings} table: one JSON document a tenant, replaced on change. The store caches every row
 * (the IP allowlist is read on every request); this class is only the durable copy.
 */
final class SettingsRows {
    private SettingsRows() {
    }

    static Map<String, Settings> all(Connection c) throws SQLException {
        Map<String, Settings> all = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT tenant, doc FROM settings");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) all.put(rs.getString(1), SettingsJson.fromStoredText(rs.getString(2)));
        }
        return all;
    }

    /** Replaces the tenant's row; the caller holds the transaction. */
    static void save(Connection c, String tenant, Settings settings) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM settings WHERE tenant = ?")) {
            del.setString(1, tenant);
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO settings VALUES (?, ?)")) {
            ins.setString(1, tenant);
            ins.setString(2, SettingsJson.toStoredText(settings));
            ins.executeUpdate();
        }
    }
}
