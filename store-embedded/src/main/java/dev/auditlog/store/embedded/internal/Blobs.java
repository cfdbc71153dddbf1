package dev.auditlog.store.embedded.internal;

import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads BLOB columns through {@code getBlob} (null for NULL). */
final class Blobs {
    private Blobs() {
    }

    static byte[] get(ResultSet rs, int column) throws SQLException {
        return bytes(rs.getBlob(column));
    }

    static byte[] get(ResultSet rs, String column) throws SQLException {
        return bytes(rs.getBlob(column));
    }

    private static byte[] bytes(Blob blob) throws SQLException {
        return blob == null ? null : blob.getBytes(1, (int) blob.length());
    }
}
