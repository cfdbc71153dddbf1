package dev.auditlog.cli;

import dev.auditlog.core.files.FileProblems;
import java.io.UncheckedIOException;

/** A failure to open the server's data or store, for the one line a command prints about it. */
final class IoProblems {
    private IoProblems() {
    }

    /**
     * A failure to open the server's data or store, in one line: its own message and, for a file problem (whose
     * cause's message is often just the path), the reason too ({@link FileProblems}).
     */
    static String oneLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return e instanceof UncheckedIOException io ? message + ": " + FileProblems.describe(io.getCause()) : message;
    }
}
