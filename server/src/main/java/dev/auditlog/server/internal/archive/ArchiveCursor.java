package dev.auditlog.server.internal.archive;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The durable delivery cursor of each tenant: the seq of the first entry not yet delivered, in
 * {@code <dataDir>/archive/<tenant>.cursor}. Replaced atomically (write, sync, rename), so a crash leaves
 * the old or the new value, never a torn one.
 */
final class ArchiveCursor {
    private final Path dir;

    ArchiveCursor(Path dir) {
        this.dir = dir;
    }

    /** The tenant's cursor file. */
    Path file(String tenant) {
        return dir.resolve(tenant + ".cursor");
    }

    long next(String tenant) {
        Path file = file(tenant);
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive cursor " + file, e);
        }
    }

    void save(String tenant, long next) throws IOException {
        OwnerOnly.createDirectories(dir);
        // a name of this save's own: servers sharing the data directory (on one PostgreSQL database) save at once
        Path temp = dir.resolve("." + tenant + ".cursor." + UUID.randomUUID() + ".tmp");
        OwnerOnly.writeNew(temp, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        Files.move(temp, file(tenant), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
