package dev.auditlog.server.internal.auth;

import dev.auditlog.core.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their hashes. Secrets carry 256 random bits, so one SHA-256 is enough to store them
 * (no password stretching needed); comparisons go through {@link MessageDigest#isEqual} on equal-length
 * digests, so their timing reveals nothing about how much of a guess was right.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 32 random bytes as 43 base64url characters. */
    public static String random256() {
        return base64Url(32);
    }

    public static String base64Url(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static byte[] sha256(String secret) {
        return Rfc6962.sha256().digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean matches(String presented, byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(sha256(presented), storedHash);
    }
}
