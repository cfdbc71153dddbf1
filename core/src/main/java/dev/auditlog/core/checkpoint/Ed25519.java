package dev.auditlog.core.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 (RFC 8032) over raw keys: 32-byte private seeds and 32-byte public keys, with PKCS#8 import
 * and export of the seed.
 *
 * <p>Why BouncyCastle's low-level {@code rfc8032.Ed25519} rather than the JDK's {@code Signature}: the
 * group-commit writer signs a checkpoint per batch, so with one event per request signing bounds ingest.
 * Measured on the 2-core build machine (JDK 25, 120-byte checkpoint note, after warm-up): the JDK's
 * SunEC signs about 2,400 notes/s and verifies about 2,450/s; BouncyCastle 1.87 signs about 45,000/s and
 * verifies about 19,000/s once JIT-compiled (over its first 20,000 signatures it averages about 15,000/s).
 * Ed25519 is deterministic, so both produce identical signatures and existing keys, checkpoints and
 * verifier keys are unchanged. This BouncyCastle API is stateless (unlike its {@code Ed25519Signer}), hence
 * safe for the signer shared by the writer, tenant creation and erasures. PKCS#8 parsing stays on the JDK's
 * {@code KeyFactory}, which reads both RFC 8410 forms.
 *
 * <p>BouncyCastle's class has this one's simple name, so its methods are called fully qualified.
 */
final class Ed25519 {

    static final int SEED_LENGTH = 32;
    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;
    /**
     * RFC 8410 PKCS#8 v1 prefix of an Ed25519 private key; the seed follows it. It is exactly what the
     * JDK's {@code getEncoded()} wrote into existing key files, and pseudonyms hash these bytes.
     */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    /** A verification key, decoded once since a verifier checks many signatures. */
    record PublicKey(PublicPoint point) {
    }

    private Ed25519() {
    }

    static byte[] generateSeed() {
        byte[] seed = new byte[SEED_LENGTH];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    static byte[] seedFromPkcs8(byte[] pkcs8) {
        EdECPrivateKey key;
        try {
            key = (EdECPrivateKey) KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
        byte[] seed = key.getBytes()
                .orElseThrow(() -> new IllegalArgumentException("Ed25519 private key has no extractable seed"));
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes, got " + seed.length);
        }
        return seed;
    }

    static byte[] pkcs8(byte[] seed) {
        byte[] pkcs8 = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + SEED_LENGTH);
        System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, SEED_LENGTH);
        return pkcs8;
    }

    static byte[] rawPublicKey(byte[] seed) {
        byte[] publicKey = new byte[PUBLIC_KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }

    /** @throws IllegalArgumentException unless {@code raw} encodes a curve point of large order */
    static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        PublicPoint point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
            throw new IllegalArgumentException("invalid Ed25519 public key");
        }
        return new PublicKey(point);
    }

    /** Signs with the seed and its public key; passing the public key spares deriving it on every call. */
    static byte[] sign(byte[] seed, byte[] rawPublicKey, byte[] message) {
        byte[] signature = new byte[SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, rawPublicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return signature.length == SIGNATURE_LENGTH
                && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, key.point(), message, 0, message.length);
    }
}
