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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

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

    /** The checkpoint's row, with the peaks of the tree it signs. */
    static TableRow row(String tenant, Checkpoint cp, List<byte[]> peaks, long signedMs) {
        return new TableRow(TableRow.Table.CHECKPOINTS, new Object[] {
            TableRow.Text.of(tenant), cp.size(), cp.rootHash(), TableRow.Text.of(cp.signedNote()),
            TableRow.Text.of(cp.publicKey()), signedMs, TiledTree.packPeaks(peaks)
        });
    }

    static void insert(DuckDBConnection c, String tenant, Checkpoint cp, List<byte[]> peaks, long signedMs) throws SQLException {
        TableRow row = row(tenant, cp, peaks, signedMs);
        try (DuckDBAppender appender = row.table().appender(c)) {
            row.appendTo(appender);
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
