package dev.auditlog.core.erasure;

import dev.auditlog.core.checkpoint.NoteSigner;
import dev.auditlog.core.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stable pseudonyms for erased subjects: {@code subject-} + the first 12 hex digits of
 * HMAC-SHA256(tenant secret, subject id).
 *
 * <p>Why derive the tenant secret from the tenant's signing key: it already exists once per tenant, is kept
 * owner-only in the data directory and is backed up with it, so the same subject gets the same pseudonym on
 * every erasure and every server sharing the data directory. The derivation is domain-separated (a SHA-256
 * over a fixed label and the key), so the HMAC key reveals nothing about the signing key.
 */
public final class Pseudonyms {
    private static final byte[] LABEL = "auditlog pseudonym key v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PSEUDONYM = Pattern.compile("subject-[0-9a-f]{12}");

    private Pseudonyms() {
    }

    /** Whether {@code text} holds a pseudonym: an erasure wrote it, where a name, an e-mail or an IP address stood. */
    public static boolean appearIn(String text) {
        return text != null && PSEUDONYM.matcher(text).find();
    }

    /** Whether {@code text} is a pseudonym, whole: what an erasure wrote, never a name of anyone. */
    public static boolean is(String text) {
        return text != null && PSEUDONYM.matcher(text).matches();
    }

    public static String of(NoteSigner tenantSigner, String subjectId) {
        try {
            MessageDigest sha = Rfc6962.sha256();
            sha.update(LABEL);
            byte[] key = sha.digest(tenantSigner.pkcs8());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(subjectId.getBytes(StandardCharsets.UTF_8));
            return "subject-" + HexFormat.of().formatHex(tag).substring(0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
