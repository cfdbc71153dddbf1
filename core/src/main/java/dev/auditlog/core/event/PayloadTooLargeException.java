package dev.auditlog.core.event;

/**
 * A request beyond the size limits of CONTRACT §2 (more than {@value EventParser#MAX_EVENTS} events,
 * or one event over {@value EventParser#MAX_EVENT_BYTES} bytes serialised). The server answers 413.
 */
public class PayloadTooLargeException extends RuntimeException {
    private final FieldError error;

    public PayloadTooLargeException(String pointer, String detail) {
        super(detail);
        this.error = new FieldError(pointer, detail);
    }

    public FieldError error() {
        return error;
    }
}
