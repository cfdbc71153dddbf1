package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.store.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code api_keys} table. Not cached: with several servers on one database, a revocation made by one
 * must stop the key on all of them at once, and a primary-key probe per request is cheap.
 */
final class ApiKeys {
    private static final String COLUMNS = "id, tenant, name, scopes, secret_hash, created_ms, revoked_ms";

    private ApiKeys() {
    }

    static void insert(Connection c, ApiKey key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, key.id());
            st.setString(2, key.tenant());
            st.setString(3, key.name());
            st.setString(4, String.join(" ", new TreeSet<>(key.scopes())));
            st.setBytes(5, key.secretHash());
            st.setLong(6, key.createdAt().toEpochMilli());
            if (key.revokedAt() == null) st.setNull(7, Types.BIGINT); else st.setLong(7, key.revokedAt().toEpochMilli());
            st.executeUpdate();
        }
    }

    /** Revokes the tenant's key if it is not revoked yet; false otherwise. */
    static boolean revoke(Connection c, String tenant, String id, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND tenant = ? AND revoked_ms IS NULL")) {
            st.setLong(1, at.toEpochMilli());
            st.setString(2, id);
            st.setString(3, tenant);
            return st.executeUpdate() == 1;
        }
    }

    static Optional<ApiKey> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
            st.setString(1, id);
            return read(st).stream().findFirst();
        }
    }

    /** The tenant's keys, oldest first. */
    static List<ApiKey> ofTenant(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE tenant = ? ORDER BY created_ms, id")) {
            st.setString(1, tenant);
            return read(st);
        }
    }

    private static List<ApiKey> read(PreparedStatement st) throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long revoked = rs.getLong(7);
                Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                keys.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        Set.copyOf(Arrays.asList(rs.getString(4).split(" "))), rs.getBytes(5),
                        Instant.ofEpochMilli(rs.getLong(6)), revokedAt));
            }
        }
        return keys;
    }
}
