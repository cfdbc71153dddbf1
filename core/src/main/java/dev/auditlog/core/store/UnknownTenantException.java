package dev.auditlog.core.store;

/** The named tenant does not exist. */
public final class UnknownTenantException extends RuntimeException {
    public UnknownTenantException(String tenant) {
        super("tenant '" + tenant + "' does not exist");
    }
}
