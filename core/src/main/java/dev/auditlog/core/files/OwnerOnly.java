package dev.auditlog.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only the server's own user may read or enter (0600, 0700): the data directory holds
 * password hashes, the master key's hash, the signing keys and every entry, and a umask of 022 would make all of it
 * world-readable, and a data directory the operator made may be open to others. They are born so, not changed
 * afterwards, so there is no moment when another user could open them; a narrower umask only narrows them further. Where the file system has no POSIX permissions (Windows) they are created as the platform does.
 */
public final class OwnerOnly {
    private static final FileAttribute<?>[] NONE = {};
    private static final FileAttribute<?>[] DIRECTORY =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};
    private static final FileAttribute<?>[] FILE =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};

    private OwnerOnly() {
    }

    /** The attributes that create {@code path} as an owner-only directory (none where permissions are not POSIX). */
    public static FileAttribute<?>[] directory(Path path) {
        return posix(path) ? DIRECTORY : NONE;
    }

    /** The attributes that create {@code path} as an owner-only file (none where permissions are not POSIX). */
    public static FileAttribute<?>[] file(Path path) {
        return posix(path) ? FILE : NONE;
    }

    /**
     * Creates {@code dir} owner-only unless it exists; missing parents are created as usual (they may be shared
     * directories such as {@code /srv}).
     */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createDirectory(dir, directory(dir));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw e; // a file is in the way; a directory made concurrently is fine
        }
    }

    /** Opens a file channel, creating the file owner-only if the options create it. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, Set.of(options), file(file));
    }

    /** Writes a file that must not exist yet, owner-only, and forces it to disk. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        try (FileChannel channel = open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
    }

    /**
     * Makes an existing file owner-only: for a file another library creates, such as DuckDB's database file, whose
     * permissions cannot be chosen at creation (the owner-only data directory around it already keeps others out).
     */
    public static void restrict(Path file) throws IOException {
        if (posix(file)) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
