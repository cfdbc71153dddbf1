package dev.auditlog.core.store;

/** The store could not do what was asked for a reason that is not the caller's fault (I/O, database). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
