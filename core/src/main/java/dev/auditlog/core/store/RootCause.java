package dev.auditlog.core.store;

/** The innermost cause of a failure: what an operator acts on ("No space left on device", "Connection refused"). */
public final class RootCause {
    private RootCause() {
    }

    /** The last cause in the chain, or the failure itself when it has none (a cause that is itself ends the chain). */
    public static Throwable of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }
}
