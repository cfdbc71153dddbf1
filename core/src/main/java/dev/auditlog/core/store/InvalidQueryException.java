package dev.auditlog.core.store;

/** A query parameter had a value the query language does not know (answered with 400). */
public final class InvalidQueryException extends RuntimeException {
    private final String parameter;

    public InvalidQueryException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
