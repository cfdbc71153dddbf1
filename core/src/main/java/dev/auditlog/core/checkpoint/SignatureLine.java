package dev.auditlog.core.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One signature line of a signed note: {@code — <key name> <base64(key ID || signature)>}.
 *
 * @param keyName   the signer's key name
 * @param keyId     the signer's 32-bit key ID
 * @param signature the algorithm-specific signature bytes after the key ID
 */
record SignatureLine(String keyName, int keyId, byte[] signature) {

    /** An em dash (U+2014) and a space open every signature line. */
    static final String PREFIX = "\u2014 ";
    private static final int KEY_ID_LENGTH = 4;

    /** Parses a line without its trailing newline; empty if it is not a well-formed signature line. */
    static Optional<SignatureLine> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            return Optional.empty();
        }
        String name = rest.substring(0, space);
        try {
            VerifierKey.requireValidName(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Base64Strict.decode(rest.substring(space + 1))
                .filter(blob -> blob.length > KEY_ID_LENGTH)
                .map(blob -> new SignatureLine(
                        name,
                        ByteBuffer.wrap(blob).getInt(),
                        Arrays.copyOfRange(blob, KEY_ID_LENGTH, blob.length)));
    }

    /** The line as it appears in a note, newline included. */
    String format() {
        byte[] blob = ByteBuffer.allocate(KEY_ID_LENGTH + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return PREFIX + keyName + " " + Base64Strict.encode(blob) + "\n";
    }

    boolean isBy(VerifierKey key) {
        return keyName.equals(key.name()) && keyId == key.keyId();
    }
}
