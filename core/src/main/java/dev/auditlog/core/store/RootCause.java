package dev.auditlog.core.store;

import dev.auditlog.core.files.FileProblems;
import java.io.IOException;
import java.util.Locale;

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

    /**
     * The failure's message followed by what its root cause says, unless the message says it already, in one line: "could
     * not replay journal record 1124: … No space left on device", "…/journal/….journal: permission denied". Why: the
     * message alone often named only a step or a file, and a start refused so gave no reason (black-box report F5). A
     * file's failure, whose message is often just its path, is put in words ({@link FileProblems}).
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        Throwable root = of(failure);
        String why = root instanceof IOException io ? FileProblems.describe(io)
                : root == failure ? null
                : root.getMessage() == null ? root.toString() : root.getMessage();
        boolean said = why == null || message.toLowerCase(Locale.ROOT).contains(why.toLowerCase(Locale.ROOT));
        return (said ? message : message + ": " + why).replaceAll("\\s*\\R\\s*", " ");
    }
}
