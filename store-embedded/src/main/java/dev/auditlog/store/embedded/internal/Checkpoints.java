package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.store.TiledTree;
import dev.auditlog.core.merkle.Rfc6962;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the {@code checkpoints} table: every checkpoint ever signed, each with the tree's
 * frontier at that size so a restart restores the tree without reading leaves.
 */
final class Checkpoints {
    /** A checkpoint as stored, with the peaks of the tree it signs. */
    record Stored(Checkpoint checkpoint, List<byte[]> peaks) {
    }

    private Checkpoints() {
    }

    static void insert(Connection c, String tenant, Checkpoint cp, List<byte[]> peaks, long signedMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, tenant);
            st.setLong(2, cp.size());
            st.setBytes(3, cp.rootHash());
            st.setString(4, cp.signedNote());
            st.setString(5, cp.publicKey());
            st.setLong(6, signedMs);
            st.setBytes(7, TiledTree.packPeaks(peaks));
            st.executeUpdate();
        }
    }

    static Optional<Stored> latest(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT size, root, note, public_key, frontier FROM checkpoints "
                + "WHERE tenant = ? ORDER BY size DESC, signed_ms DESC LIMIT 1")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Checkpoint cp = new Checkpoint(TenantKeyring.origin(tenant), rs.getLong(1), Blobs.get(rs, 2),
                        rs.getString(3), rs.getString(4));
                return Optional.of(new Stored(cp, TiledTree.unpackPeaks(Blobs.get(rs, 5))));
            }
        }
    }
}
