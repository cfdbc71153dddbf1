package dev.auditlog.server.internal.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The start-up warning about a data directory other users may enter, as PostgreSQL warns about its own. The server
 * makes everything inside owner-only, but files other libraries create there (DuckDB's WAL) follow the umask, and so
 * do files an earlier version made: the directory's own mode is what keeps them from other users. The server does not
 * change it: the operator made it so (a volume mount, a group that takes backups), and a chmod behind their back
 * could break that; saying so once at each start, with the command that closes it, leaves the choice to them.
 */
public final class OpenDataDirectory {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OpenDataDirectory() {
    }

    /** The warning when {@code dataDir} grants its group or other users any access; empty without POSIX permissions. */
    public static Optional<String> warning(Path dataDir) {
        if (!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) return Optional.empty();
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of the data directory " + dataDir, e);
        }
        if (mode.stream().noneMatch(OTHERS::contains)) return Optional.empty();
        return Optional.of("The data directory " + dataDir + " is open to other users (" + PosixFilePermissions.toString(mode)
                + "): it holds every entry with its personal data; 'chmod 700 " + dataDir + "' closes it");
    }
}
