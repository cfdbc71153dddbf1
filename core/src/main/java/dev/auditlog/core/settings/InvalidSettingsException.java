package dev.auditlog.core.settings;

import dev.auditlog.core.event.FieldError;

/** A settings document that cannot be accepted; {@link #error()} points at the offending member. */
public final class InvalidSettingsException extends RuntimeException {
    private final FieldError error;

    public InvalidSettingsException(String pointer, String detail) {
        super(detail, null, false, false);
        this.error = new FieldError(pointer, detail);
    }

    public FieldError error() {
        return error;
    }
}
