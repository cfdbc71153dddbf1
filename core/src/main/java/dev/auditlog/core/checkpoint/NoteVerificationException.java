package dev.auditlog.core.checkpoint;

/** Thrown when a signed note is malformed or carries no valid signature by the expected key. */
public final class NoteVerificationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoteVerificationException(String message) {
        super(message);
    }
}
