package dev.auditlog.server.internal.setup;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}), written
 * and read the same whatever the JVM's locale.
 *
 * <p>Why not password4j's own strings: it names the variant by upper-casing and lower-casing {@code ID} in the
 * default locale, so a JVM started with a Turkish locale writes {@code $argon2ıd$} (dotless i) and refuses every
 * hash written as {@code $argon2id$}: the administrator's right password was refused at sign-in. password4j still
 * computes the Argon2 bytes; this class writes and parses the string around them, and compares the bytes in
 * constant time. A {@code $argon2ıd$} hash written by such a JVM before is read as the {@code $argon2id$} it is.
 */
final class PasswordHashes {
    /** Argon2id, 19 MiB, 2 passes, 1 lane: the OWASP minimum for Argon2id. */
    private static final int MEMORY_KIB = 19 * 1024, PASSES = 2, LANES = 1, HASH_BYTES = 32, SALT_BYTES = 16;
    private static final int VERSION = 0x13;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2[iı]d\\$v=(\\d{1,3})\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{11,})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashes() {
    }

    /** A new hash of {@code password} with a random salt. */
    static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(MEMORY_KIB, PASSES, LANES, HASH_BYTES, VERSION).hash(utf8(password), salt).getBytes();
        return "$argon2id$v=" + VERSION + "$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$"
                + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /**
     * Whether {@code stored}, a hash this class or password4j wrote, is one of {@code password}; false for a
     * string that is no Argon2id hash (an edited file), after as much work as a wrong password costs.
     */
    static boolean matches(String password, String stored) {
        Matcher m = PHC.matcher(stored);
        byte[] salt, expected;
        Argon2Function f;
        try {
            if (!m.matches()) throw new IllegalArgumentException("no Argon2id hash");
            salt = DECODER.decode(m.group(5));
            expected = DECODER.decode(m.group(6));
            f = argon2(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    expected.length, Integer.parseInt(m.group(1)));
        } catch (IllegalArgumentException notAHash) {
            hash(password); // as long as a wrong password takes
            return false;
        }
        return MessageDigest.isEqual(f.hash(utf8(password), salt).getBytes(), expected);
    }

    private static Argon2Function argon2(int memoryKib, int passes, int lanes, int hashBytes, int version) {
        return Argon2Function.getInstance(memoryKib, passes, lanes, hashBytes, Argon2.ID, version);
    }

    private static byte[] utf8(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
