package dev.auditlog.core.checkpoint;

import java.util.Base64;
import java.util.Optional;

/**
 * Standard (RFC 4648 §4) base64 that accepts only the canonical, padded encoding.
 *
 * <p>Why: the JDK decoder also accepts unpadded input and non-zero trailing bits, so one key or
 * signature could be written several ways. Accepting only the canonical form keeps notes and
 * verifier keys non-malleable: equal bytes, equal text.
 */
final class Base64Strict {

    private Base64Strict() {
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Optional<byte[]> decode(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
