package dev.auditlog.core.entry;

import java.security.SecureRandom;
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

    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_SIZE];
        SECURE.nextBytes(salt);
        return salt;
    }
}
