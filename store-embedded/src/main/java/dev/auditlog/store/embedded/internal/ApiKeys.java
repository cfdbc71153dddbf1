package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.store.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code api_keys} table. Keys are few and read on every request, so the store keeps them cached in
 * memory ({@link DuckDbStore}); this class is only the durable copy.
 */
final class ApiKeys {
    private ApiKeys() {
    }

    static void insert(Connection c, ApiKey key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, key.id());
            st.setString(2, key.tenant());
            st.setString(3, key.name());
            st.setString(4, String.join(" ", new TreeSet<>(key.scopes())));
            st.setBytes(5, key.secretHash());
            st.setLong(6, key.createdAt().toEpochMilli());
            if (key.revokedAt() == null) st.setNull(7, java.sql.Types.BIGINT); else st.setLong(7, key.revokedAt().toEpochMilli());
            st.executeUpdate();
        }
    }

    static void revoke(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL")) {
            st.setLong(1, at.toEpochMilli());
            st.setString(2, id);
            st.executeUpdate();
        }
    }

    static List<ApiKey> all(Connection c) throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT id, tenant, name, scopes, secret_hash, created_ms, revoked_ms "
                + "FROM api_keys ORDER BY created_ms, id");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long revoked = rs.getLong(7);
                Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                keys.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        Set.copyOf(Arrays.asList(rs.getString(4).split(" "))), Blobs.get(rs, 5),
                        Instant.ofEpochMilli(rs.getLong(6)), revokedAt));
            }
        }
        return keys;
    }
}
