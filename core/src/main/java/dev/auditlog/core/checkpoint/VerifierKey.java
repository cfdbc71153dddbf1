package dev.auditlog.core.checkpoint;

import dev.auditlog.core.merkle.Rfc6962;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The public identity of an Ed25519 note key (C2SP signed-note): key name, 32-bit key ID and raw
 * public key, with the {@code <name>+<hex id>+<base64(0x01 || key)>} text encoding.
 */
record VerifierKey(String name, int keyId, byte[] publicKey) {

    /** Signature type byte the spec assigns to plain Ed25519. */
    static final byte ED25519_TYPE = 0x01;

    static VerifierKey of(String name, byte[] rawPublicKey) {
        requireValidName(name);
        return new VerifierKey(name, keyId(name, rawPublicKey), rawPublicKey.clone());
    }

    /** Parses a verifier key, rejecting it if the key ID does not match the name and key. */
    static VerifierKey parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("verifier key is null");
        }
        // Only the first two '+' delimit: names cannot contain '+', but base64 key material can.
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("verifier key must be <name>+<key id>+<key>, got: " + text);
        }
        String name = parts[0];
        requireValidName(name);
        int id = parseKeyId(parts[1]);
        byte[] typedKey = Base64Strict.decode(parts[2])
                .orElseThrow(() -> new IllegalArgumentException("verifier key material is not valid base64"));
        if (typedKey.length != 1 + Ed25519.PUBLIC_KEY_LENGTH || typedKey[0] != ED25519_TYPE) {
            throw new IllegalArgumentException("verifier key is not an Ed25519 (type 0x01) key");
        }
        VerifierKey key = of(name, Arrays.copyOfRange(typedKey, 1, typedKey.length));
        if (key.keyId != id) {
            throw new IllegalArgumentException("verifier key ID " + parts[1] + " does not match its name and key");
        }
        return key;
    }

    /** Key names must be non-empty and free of Unicode spaces and '+' (they are '+'-delimited). */
    static void requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("key name must be non-empty");
        }
        boolean bad = name.codePoints().anyMatch(c ->
                c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c));
        if (bad) {
            throw new IllegalArgumentException("key name must not contain spaces, '+' or control characters: " + name);
        }
    }

    /** SHA-256(name || 0x0A || 0x01 || public key), first four bytes, big-endian. */
    static int keyId(String name, byte[] rawPublicKey) {
        MessageDigest sha256 = Rfc6962.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519_TYPE);
        sha256.update(rawPublicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }

    String keyIdHex() {
        return HexFormat.of().toHexDigits(keyId);
    }

    String encode() {
        byte[] typedKey = new byte[1 + publicKey.length];
        typedKey[0] = ED25519_TYPE;
        System.arraycopy(publicKey, 0, typedKey, 1, publicKey.length);
        return name + "+" + keyIdHex() + "+" + Base64Strict.encode(typedKey);
    }

    private static int parseKeyId(String hex) {
        if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("verifier key ID must be 8 hex digits, got: " + hex);
        }
        return (int) Long.parseLong(hex, 16);
    }
}
