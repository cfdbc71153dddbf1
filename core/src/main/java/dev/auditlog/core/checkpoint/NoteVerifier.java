package dev.auditlog.core.checkpoint;

import java.nio.charset.StandardCharsets;

/**
 * Verifies C2SP signed notes, and tlog checkpoints in particular, against one trusted Ed25519
 * verifier key. Instances are immutable and thread-safe.
 */
public final class NoteVerifier {

    private final VerifierKey key;
    private final Ed25519.PublicKey publicKey;

    private NoteVerifier(VerifierKey key) {
        this.key = key;
        this.publicKey = Ed25519.publicKey(key.publicKey());
    }

    /**
     * Creates a verifier from {@code <name>+<8 hex key id>+<base64(0x01 || key)>}.
     *
     * @throws IllegalArgumentException if the key is malformed or its ID does not match
     */
    public static NoteVerifier fromVerifierKey(String vkey) {
        return new NoteVerifier(VerifierKey.parse(vkey));
    }

    /**
     * Verifies a signed note and returns its text (final newline included).
     *
     * <p>Signature lines by other keys are ignored, as the spec requires. Every line that names
     * this key's name and ID must verify: a failing one rejects the whole note.
     *
     * @throws NoteVerificationException if the note is malformed, a signature by this key fails,
     *                                   or there is no signature by this key
     */
    public String verify(String signedNote) {
        SignedNote note = SignedNote.parse(signedNote);
        byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
        boolean signed = false;
        for (SignatureLine line : note.signatures()) {
            if (line.isBy(key)) {
                if (!Ed25519.verify(publicKey, message, line.signature())) {
                    throw new NoteVerificationException("invalid signature by " + describeKey());
                }
                signed = true;
            }
        }
        if (!signed) {
            throw new NoteVerificationException("note has no signature by " + describeKey());
        }
        return note.text();
    }

    /**
     * Verifies a checkpoint note and parses its text. Extension lines after the root hash are
     * allowed and ignored. The origin is returned as found; callers decide which origin they expect.
     *
     * @throws NoteVerificationException if verification fails or the text is not a checkpoint
     */
    public ParsedCheckpoint verifyCheckpoint(String signedNote) {
        return CheckpointBody.parse(verify(signedNote));
    }

    private String describeKey() {
        return "key " + key.name() + " (ID " + key.keyIdHex() + ")";
    }

    /**
     * The mandatory fields of a verified checkpoint.
     *
     * @param origin   the log's identity line
     * @param size     the tree size
     * @param rootHash the 32-byte RFC 6962 root hash
     */
    public record ParsedCheckpoint(String origin, long size, byte[] rootHash) {
    }
}
