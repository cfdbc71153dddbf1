package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.merkle.Rfc6962;
import dev.auditlog.core.store.TiledTree;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code checkpoints} and {@code tiles} tables: every checkpoint ever signed, each with the tree's
 * frontier at that size, and the level-8 tile roots, from which any process rebuilds a tenant's tree
 * without reading leaves.
 */
final class Checkpoints {
    /** A checkpoint as stored, with the peaks of the tree it signs. */
    record Stored(Checkpoint checkpoint, List<byte[]> peaks) {
    }

    private Checkpoints() {
    }

    static void insert(Connection c, String tenant, Checkpoint cp, List<byte[]> peaks, long signedMs) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO checkpoints "
                + "(tenant, size, root, note, public_key, signed_ms, frontier) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
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

    /** The latest checkpoint of the tenant: one index probe on the primary key. */
    static Optional<Stored> latest(Connection c, String tenant) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT size, root, note, public_key, frontier FROM checkpoints "
                + "WHERE tenant = ? ORDER BY size DESC LIMIT 1")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Checkpoint cp = new Checkpoint(TenantKeyring.origin(tenant), rs.getLong(1), rs.getBytes(2),
                        rs.getString(3), rs.getString(4));
                return Optional.of(new Stored(cp, TiledTree.unpackPeaks(rs.getBytes(5))));
            }
        }
    }

    /** A completed level-8 node of a tenant's tree. */
    record Tile(String tenant, long index, byte[] hash) {
    }

    static void insertTiles(Connection c, List<Tile> tiles) throws SQLException {
        if (tiles.isEmpty()) return;
        try (PreparedStatement st = c.prepareStatement("INSERT INTO tiles (tenant, idx, hash) VALUES (?, ?, ?)")) {
            for (Tile t : tiles) {
                st.setString(1, t.tenant());
                st.setLong(2, t.index());
                st.setBytes(3, t.hash());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The tenant's tree as of a stored checkpoint. */
    static TiledTree restore(Connection c, String tenant, Stored at, TiledTree.LeafSource leaves) throws SQLException {
        long size = at.checkpoint().size();
        List<byte[]> tileRoots = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT hash FROM tiles WHERE tenant = ? AND idx < ? ORDER BY idx")) {
            st.setString(1, tenant);
            st.setLong(2, size >>> TiledTree.TILE_HEIGHT);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) tileRoots.add(rs.getBytes(1));
            }
        }
        return TiledTree.restore(size, at.peaks(), tileRoots, leaves);
    }
}
