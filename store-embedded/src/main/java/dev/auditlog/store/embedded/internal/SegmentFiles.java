package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the journal's segment files: the next one zero-filled ahead of need, on a background thread, so that
 * the journal's writer only overwrites blocks the file system already holds.
 *
 * <h2>Why</h2>
 * An {@code fdatasync} after appending to a growing file must also commit the file's new size and blocks to
 * the file system's own journal (ext4's jbd2), and that commit waits behind whatever else the file system is
 * committing, above all DuckDB writing out its file while it folds its WAL into it, and the deletion of
 * applied segments. Measured at half the maximum ingest rate: acknowledgements waited 100–200 ms around every
 * fold, and the p99 was 73–83 ms with growing segments, 32 ms with segments made ahead, and 16 ms with the
 * journal on tmpfs. Overwriting blocks that are allocated and initialised changes no metadata, so the
 * {@code fdatasync} writes only the record's own pages. (PostgreSQL zero-fills its WAL segments for the same
 * reason.) Creating a file's name is a metadata change too, so a spare is created, filled, forced and its
 * directory forced here, never on the writer's path.
 *
 * <h2>When</h2>
 * A spare is started once the segment being written is half full ({@link #prepare}), not at once: a store that
 * is opened and closed, as tests and small installations do all day, never writes 64 MB of zeros for
 * nothing. Without a spare ready (the first segment after opening, or a roll an erasure asks for), {@link #take}
 * creates a plain empty file, which then grows like before. The zeros are forced in steps of
 * {@value #FORCE_STEP_BYTES} bytes so that making a spare never pushes a whole segment at the disk at once,
 * ahead of the records being forced.
 */
final class SegmentFiles implements AutoCloseable {
    private static final int FORCE_STEP_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);

    private final Path dir;
    private final String suffix;
    private final long bytes;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auditlog-journal-spares");
        t.setDaemon(true);
        return t;
    });
    private long nextIndex;
    /** The spare being made or made, or null; and its file. */
    private CompletableFuture<Path> spare;
    private Path sparePath;

    /** Segment files {@code <index><suffix>} in {@code dir}, from {@code firstIndex} on, spares {@code bytes} long. */
    SegmentFiles(Path dir, String suffix, long bytes, long firstIndex) {
        this.dir = dir;
        this.suffix = suffix;
        this.bytes = bytes;
        this.nextIndex = firstIndex;
    }

    /** Starts making the next segment zero-filled in the background, unless that is under way. */
    void prepare() {
        if (spare != null) return;
        Path path = nextPath();
        sparePath = path;
        spare = CompletableFuture.supplyAsync(() -> {
            try {
                return zeroFilled(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, preparer);
    }

    /**
     * The file the journal writes next, durable under its name: the spare if one was prepared (waiting for it
     * if need be), else a new empty file.
     */
    Path take() throws IOException {
        if (spare == null) return empty(nextPath());
        CompletableFuture<Path> taken = spare;
        spare = null;
        try {
            return taken.join();
        } catch (CompletionException e) {
            LOG.warn("could not make a spare journal segment; the next one grows as it is written", e.getCause());
            return empty(nextPath());
        }
    }

    private Path nextPath() {
        return dir.resolve(String.format("%020d%s", nextIndex++, suffix));
    }

    /** A new empty segment file; a name already taken (say, a spare a failed attempt left) is passed over. */
    private Path empty(Path path) throws IOException {
        while (true) {
            try {
                Files.createFile(path, OwnerOnly.file(path));
                forceDirectory();
                return path;
            } catch (FileAlreadyExistsException e) {
                path = nextPath();
            }
        }
    }

    private Path zeroFilled(Path path) throws IOException {
        try (FileChannel ch = OwnerOnly.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            long forced = 0;
            for (long at = 0; at < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                at += ch.write(zeros, at);
                if (at - forced >= FORCE_STEP_BYTES || at == bytes) {
                    ch.force(true);
                    forced = at;
                }
            }
        }
        forceDirectory();
        return path;
    }

    /** A new file's name must survive a power cut before the records in it are acknowledged. */
    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Stops making spares and deletes the one not taken. */
    @Override
    public void close() throws IOException {
        preparer.shutdown();
        try {
            if (!preparer.awaitTermination(1, TimeUnit.MINUTES)) LOG.warn("a spare journal segment was still being made at close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (spare != null) Files.deleteIfExists(sparePath);
    }
}
