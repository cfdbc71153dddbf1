package dev.auditlog.store.embedded.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads BLOB columns (null for NULL) as the driver hands them over, without a {@link java.sql.Blob} in between:
 * also how text columns selected as their UTF-8 bytes ({@code encode}) are read.
 */
final class Blobs {
    private Blobs() {
    }

    static byte[] get(ResultSet rs, int column) throws SQLException {
        return rs.getBytes(column);
    }

    static byte[] get(ResultSet rs, String column) throws SQLException {
        return rs.getBytes(column);
    }
}
