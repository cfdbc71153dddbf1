package dev.auditlog.core.event;

import java.util.List;

/** A request whose events break the rules of CONTRACT §4; carries every error found, not just the first. */
public class EventValidationException extends RuntimeException {
    private final List<FieldError> errors;

    public EventValidationException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) return "invalid events";
        FieldError first = errors.get(0);
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return (first.pointer().isEmpty() ? "" : first.pointer() + ": ") + first.detail() + more;
    }
}
