package dev.auditlog.core.checkpoint;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** JDK Ed25519 plumbing: key generation, PKCS#8 import, raw 32-byte public keys, sign and verify. */
final class Ed25519 {

    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;
    private static final String ALGORITHM = "Ed25519";
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the raw key follows it. */
    private static final byte[] SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private Ed25519() {
    }

    static KeyPair generate() {
        return generator(new SecureRandom()).generateKeyPair();
    }

    /**
     * Rebuilds the key pair of a PKCS#8 Ed25519 private key.
     *
     * <p>Why the detour: the JDK has no public API to derive an Ed25519 public key from a private
     * one, but its generator takes the 32-byte private seed verbatim from the supplied random
     * source. Feeding it the stored seed regenerates the same pair; the seed is checked afterwards
     * so a JDK that consumed randomness differently fails loudly instead of yielding a wrong key.
     */
    static KeyPair fromPkcs8(byte[] pkcs8) {
        EdECPrivateKey privateKey = decodePrivate(pkcs8);
        byte[] seed = privateKey.getBytes()
                .orElseThrow(() -> new IllegalArgumentException("Ed25519 private key has no extractable seed"));
        KeyPair pair = generator(new SeedReplay(seed)).generateKeyPair();
        byte[] regenerated = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        if (!Arrays.equals(seed, regenerated)) {
            throw new IllegalStateException("this JDK does not regenerate Ed25519 keys from a seed");
        }
        return pair;
    }

    static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + PUBLIC_KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_LENGTH);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_LENGTH);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        if (signatureBytes.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    private static EdECPrivateKey decodePrivate(byte[] pkcs8) {
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return (EdECPrivateKey) key;
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    private static KeyPairGenerator generator(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, random);
            return generator;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
        }
    }

    /** A "random" source that hands out one fixed seed; only used to regenerate a known key pair. */
    private static final class SeedReplay extends SecureRandom {
        private final byte[] seed;

        SeedReplay(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
