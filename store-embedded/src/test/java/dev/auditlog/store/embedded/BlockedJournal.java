package dev.auditlog.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the embedded store's journal from starting a new segment, as a journal directory the server may no longer
 * write does ("could not start a new journal segment"), also for a test run as root: a file stands where the directory
 * was. The segment being written stays open, so appends go on. Closing puts the directory back.
 */
final class BlockedJournal implements AutoCloseable {
    private final Path dataDir;

    private BlockedJournal(Path dataDir) {
        this.dataDir = dataDir;
    }

    static BlockedJournal block(Path dataDir) throws IOException {
        Files.move(journal(dataDir), aside(dataDir));
        Files.writeString(journal(dataDir), "where the journal's directory was");
        return new BlockedJournal(dataDir);
    }

    /** Puts back the directory a {@link #block} left aside (in a process that did not live to close it). */
    static void unblock(Path dataDir) throws IOException {
        Files.delete(journal(dataDir));
        Files.move(aside(dataDir), journal(dataDir));
    }

    @Override
    public void close() {
        try {
            unblock(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path journal(Path dataDir) {
        return dataDir.resolve("journal");
    }

    private static Path aside(Path dataDir) {
        return dataDir.resolve("journal-aside");
    }
}
