package dev.auditlog.core.entry;

import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers and salts for new entries.
 *
 * <p>Ids are UUID version 7 (RFC 9562): unique across tenants and servers, and sorting them roughly sorts by
 * time, which keeps them friendly to any index. Salts blind the commitment to personal fields, so they must
 * be unpredictable and come from {@link SecureRandom}.
 */
public final class EntryIds {
    public static final int SALT_SIZE = 16;
    private static final SecureRandom SECURE = new SecureRandom();

    private EntryIds() {
    }

    public static String newId(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * The recorded time (epoch milliseconds) stamped into an entry id, which lets a store narrow an id lookup
     * to that millisecond; empty when the string is not a version-7 UUID (so no entry has it).
     */
    public static OptionalLong recordedMillis(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.version() == 7 ? OptionalLong.of(uuid.getMostSignificantBits() >>> 16) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_SIZE];
        SECURE.nextBytes(salt);
        return salt;
    }
}
