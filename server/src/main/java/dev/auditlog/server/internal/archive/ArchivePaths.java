package dev.auditlog.server.internal.archive;

import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a tenant's admin may point a file archive ({@code {"type":"file","path":…}}, CONTRACT §5). The server
 * writes there with its own rights, so the path is the operator's business as much as the tenant's:
 * <ul>
 *   <li>never inside the server's data directory: an archive there could overwrite or fill the store, the
 *       signing keys or the users file;</li>
 *   <li>when the operator set an archive root ({@code --archive-root}, {@code AUDITLOG_ARCHIVE_ROOT}), only inside
 *       it, a relative path meaning one under it. A server whose tenants do not trust each other's admins sets one,
 *       so that no admin can have the server write into another tenant's archive or anywhere else.</li>
 * </ul>
 * Without a root any other directory the server may write to is allowed, as before. A path is judged as the file
 * system will resolve it: normalised, through symbolic links of the part that exists. That part must be a directory:
 * the archive writes its files into the path, making what does not exist yet, so a file there (or in its way) could
 * never take a delivery.
 */
public final class ArchivePaths {
    private final Path dataDir;
    private final Path root;

    /**
     * @param root the directory file archives must be in, or null for none
     * @throws IllegalArgumentException when the root is no directory, or in the data directory (where no archive may
     *                                  be, so that every file archive would be refused)
     */
    public ArchivePaths(Path dataDir, Path root) {
        this.dataDir = real(dataDir.toAbsolutePath().normalize());
        this.root = root == null ? null : real(root.toAbsolutePath().normalize());
        if (this.root != null && !Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("the archive root " + root + " is not a directory");
        }
        if (this.root != null && this.root.startsWith(this.dataDir)) {
            throw new IllegalArgumentException("the archive root " + root + " is in the data directory, where no archive may be");
        }
    }

    /**
     * The settings with a file archive's path made absolute (under the root when it was relative), or as they are
     * for any other archive.
     *
     * @throws InvalidSettingsException when the path is not one the archive may write to
     */
    public Settings confine(Settings settings) {
        Archive archive = settings.archive();
        if (!Archive.FILE_TYPE.equals(archive.type())) return settings;
        Path path = real(resolve(archive.path()));
        if (path.startsWith(dataDir)) {
            throw new InvalidSettingsException("/archive/path", "a file archive may not write into the server's data directory");
        }
        if (root != null && !path.startsWith(root)) {
            throw new InvalidSettingsException("/archive/path", "a file archive must be inside " + root
                    + ", the archive root this server's operator set");
        }
        Path existing = existingPart(path);
        if (existing != null && !Files.isDirectory(existing)) {
            throw new InvalidSettingsException("/archive/path", existing + " is not a directory: a file archive writes its files into one");
        }
        return new Settings(settings.retentionDays(), settings.tracking(), settings.ipAllowlist(), Archive.file(path.toString()));
    }

    /** The longest part of {@code path} that exists (the path itself, or one of its parents), or null when none does. */
    private static Path existingPart(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        return existing;
    }

    private Path resolve(String path) {
        try {
            Path given = Path.of(path);
            return (root == null ? given.toAbsolutePath() : root.resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingsException("/archive/path", "not a usable path: " + e.getReason());
        }
    }

    /** The path with the symbolic links of its longest existing part resolved, so a link cannot lead out. */
    private static Path real(Path path) {
        Path existing = existingPart(path);
        if (existing == null) return path;
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }
}
