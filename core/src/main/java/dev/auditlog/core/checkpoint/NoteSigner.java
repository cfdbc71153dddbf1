package dev.auditlog.core.checkpoint;

import java.nio.charset.StandardCharsets;

/**
 * An Ed25519 note signer (C2SP signed-note): a key name and private key, whose 4-byte key ID is the
 * first 4 bytes of SHA-256(name || 0x0A || 0x01 || 32-byte raw public key).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NoteSigner {

    private final byte[] seed;
    private final VerifierKey verifierKey;

    private NoteSigner(String keyName, byte[] seed) {
        this.seed = seed;
        this.verifierKey = VerifierKey.of(keyName, Ed25519.rawPublicKey(seed));
    }

    /** Creates a signer with a fresh random key. */
    public static NoteSigner generate(String keyName) {
        VerifierKey.requireValidName(keyName);
        return new NoteSigner(keyName, Ed25519.generateSeed());
    }

    /** Restores a signer from a PKCS#8-encoded Ed25519 private key, as returned by {@link #pkcs8()}. */
    public static NoteSigner fromPkcs8(String keyName, byte[] pkcs8) {
        VerifierKey.requireValidName(keyName);
        return new NoteSigner(keyName, Ed25519.seedFromPkcs8(pkcs8));
    }

    /** The private key in PKCS#8 encoding; keep it secret. */
    public byte[] pkcs8() {
        return Ed25519.pkcs8(seed);
    }

    public String keyName() {
        return verifierKey.name();
    }

    /** The 32-byte RFC 8032 encoding of the public key. */
    public byte[] rawPublicKey() {
        return verifierKey.publicKey().clone();
    }

    /** The shareable verifier key: {@code <name>+<8 hex key id>+<base64(0x01 || raw public key)>}. */
    public String verifierKey() {
        return verifierKey.encode();
    }

    /**
     * Signs a note text, which must end with a newline. Returns the text, a blank line and one
     * signature line: {@code — <name> <base64(key ID || signature)>} (em dash U+2014).
     */
    public String sign(String noteBody) {
        if (noteBody == null || !noteBody.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        SignedNote.textProblem(noteBody).ifPresent(problem -> {
            throw new IllegalArgumentException("note text is not signable: " + problem);
        });
        byte[] signature = Ed25519.sign(seed, verifierKey.publicKey(), noteBody.getBytes(StandardCharsets.UTF_8));
        return noteBody + "\n" + new SignatureLine(keyName(), verifierKey.keyId(), signature).format();
    }

    /** Builds the tlog-checkpoint text {@code <origin>\n<size>\n<base64 root>\n} and signs it. */
    public Checkpoint signCheckpoint(String origin, long size, byte[] rootHash) {
        String signedNote = sign(CheckpointBody.format(origin, size, rootHash));
        return new Checkpoint(origin, size, rootHash.clone(), signedNote, verifierKey());
    }
}
