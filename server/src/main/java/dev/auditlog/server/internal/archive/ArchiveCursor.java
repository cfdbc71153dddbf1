package dev.auditlog.server.internal.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    long next(String tenant) {
        Path file = dir.resolve(tenant + ".cursor");
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the archive cursor " + file, e);
        }
    }

    void save(String tenant, long next) throws IOException {
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + tenant + ".cursor.tmp");
        Files.writeString(temp, Long.toString(next), StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, dir.resolve(tenant + ".cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
