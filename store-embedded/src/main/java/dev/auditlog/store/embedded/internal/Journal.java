package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's own write-ahead journal: what makes an append durable, ahead of DuckDB.
 *
 * <h2>Why a journal of our own</h2>
 * DuckDB makes a commit durable in its WAL and folds the WAL into the database file inside whichever commit
 * crosses {@code checkpoint_threshold}; that commit then takes as long as the fold (825 ms p99 at half the
 * maximum ingest rate, where the target is 25 ms), and no commit can run beside it. So acknowledgements no
 * longer wait for DuckDB: the writer appends each batch here as one record, forces it to disk
 * ({@code fdatasync}), answers its callers, and hands the batch to the {@link JournalApplier}, which writes it
 * into DuckDB behind. A fold now delays the applier and, through it, reads; never an acknowledgement.
 *
 * <h2>Format</h2>
 * Segment files {@code <index>.journal}, numbered in the order they are written, each a run of records:
 * payload length (4 bytes), CRC32C of number and payload (4), record number (8), payload
 * ({@link TableRow#encode}), then, in a segment made zero-filled ahead of need ({@link SegmentFiles} says why),
 * zeros to the end of the file. A record never has an all-zero header (numbers start at 1), so the first
 * all-zero header marks where a segment's records end. Record numbers follow each other across segments and across
 * restarts (DuckDB stores the last number it applied).
 *
 * <h2>Recovery and release</h2>
 * On open, every record after the last applied one is handed back for replay. A record cut short or failing
 * its CRC at the end of the newest segment holding records is a write the crash interrupted, never
 * acknowledged: it is cut off, and so is anything in the segments after it (a spare, or a first record torn
 * before its header reached the disk). Anywhere else, anything but zeros after a segment's last record, or a
 * record number out of turn, it is damage, and the store refuses to open rather than lose acknowledged
 * entries. A segment is deleted once DuckDB holds all its records ({@link #release}); the next one is taken
 * when a record would not fit in the current one's {@link #SEGMENT_BYTES}, and whenever the store must not
 * keep old raw rows around (an erasure or a prune rolls it, waits for the applier, and releases it).
 *
 * <p>Threads: {@link #append} and {@link #roll} only on the writer thread; {@link #release} from any.
 */
final class Journal {
    static final long SEGMENT_BYTES = 64L << 20;
    private static final int ZEROS_CHECKED_AT_ONCE = 1 << 20;
    private static final int HEADER = 16;
    private static final String SUFFIX = ".journal";
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** A record handed back on open. */
    record Record(long number, ByteBuffer payload) {
    }

    @FunctionalInterface
    interface Replay {
        void apply(Record record) throws IOException;
    }

    private record Segment(Path path, long last) {
    }

    private final long segmentBytes;
    private final SegmentFiles files;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);
    private final CRC32C crc = new CRC32C();
    /** Segments no longer written to, oldest first, with their last record number. Guarded by itself. */
    private final Deque<Segment> full = new ArrayDeque<>();
    private FileChannel current;
    private Path currentPath;
    private long currentSize;
    private long lastNumber;
    /** Set when a failed write could not be undone: the journal then refuses every append. */
    private IOException broken;

    private Journal(Path dir, long segmentBytes, long lastNumber, long firstIndex) {
        this.segmentBytes = segmentBytes;
        this.lastNumber = lastNumber;
        this.files = new SegmentFiles(dir, SUFFIX, segmentBytes, firstIndex);
    }

    /**
     * Opens the journal in {@code dir}, hands every record numbered above {@code applied} to {@code replay} in
     * order, deletes the segments replayed, and starts a new segment.
     */
    static Journal open(Path dir, long applied, Replay replay) throws IOException {
        return open(dir, applied, SEGMENT_BYTES, replay);
    }

    /** {@link #open(Path, long, Replay)} with segments of {@code segmentBytes} (tests use small ones). */
    static Journal open(Path dir, long applied, long segmentBytes, Replay replay) throws IOException {
        OwnerOnly.createDirectories(dir);
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(index(a), index(b))).toList();
        }
        int newest = segments.size() - 1;
        while (newest >= 0 && !holdsRecords(segments.get(newest))) newest--;
        long last = applied;
        for (int i = 0; i <= newest; i++) {
            last = readSegment(segments.get(i), i == newest, applied, last, replay);
        }
        if (last > applied) LOG.info("replayed journal records {} to {} into the database", applied + 1, last);
        for (Path segment : segments) Files.delete(segment);
        long nextIndex = segments.isEmpty() ? 1 : index(segments.getLast()) + 1;
        Journal journal = new Journal(dir, segmentBytes, last, nextIndex);
        journal.startSegment(journal.files.take());
        return journal;
    }

    /** Whether a record starts the segment: its first header is not all zeros. */
    private static boolean holdsRecords(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            return readFully(ch, head, 0) == HEADER && !isZero(head.flip());
        }
    }

    private static boolean isZero(ByteBuffer bytes) {
        while (bytes.hasRemaining()) if (bytes.get() != 0) return false;
        return true;
    }

    private static long index(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a journal segment: " + segment, e);
        }
    }

    /** Replays one segment's records above {@code applied}; returns the last record number seen. */
    private static long readSegment(Path segment, boolean newest, long applied, long last, Replay replay) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long at = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            CRC32C crc = new CRC32C();
            while (at < size) {
                String damage = null;
                ByteBuffer payload = null;
                long number = -1;
                head.clear();
                if (size - at < HEADER || readFully(ch, head, at) < HEADER) {
                    damage = "a record header is cut short";
                } else if (isZero(head.flip())) {
                    if (!newest) requireZeros(ch, segment, at);
                    break;
                } else {
                    head.rewind();
                    int length = head.getInt();
                    int expectedCrc = head.getInt();
                    number = head.getLong();
                    if (length < 0 || length > size - at - HEADER) {
                        damage = "a record is cut short";
                    } else {
                        payload = ByteBuffer.allocate(length);
                        readFully(ch, payload, at + HEADER);
                        payload.flip();
                        crc.reset();
                        crc.update(head.flip().position(8));
                        crc.update(payload.duplicate());
                        if ((int) crc.getValue() != expectedCrc) damage = "a record fails its checksum";
                        else if (number > applied && number != last + 1) {
                            throw new IOException("journal segment " + segment + " is damaged: record " + number
                                    + " follows " + last);
                        }
                    }
                }
                if (damage != null) {
                    if (!newest) throw new IOException("journal segment " + segment + " is damaged at byte " + at + ": " + damage);
                    LOG.warn("journal {}: {} at byte {}; cutting off the unacknowledged tail of {} bytes",
                            segment, damage, at, size - at);
                    ch.truncate(at);
                    ch.force(true);
                    break;
                }
                if (number > applied) replay.apply(new Record(number, payload));
                last = Math.max(last, number);
                at += HEADER + payload.capacity();
            }
        }
        return last;
    }

    /** Checks that nothing but the zeros of a never-written remainder follows a closed segment's records. */
    private static void requireZeros(FileChannel ch, Path segment, long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(ZEROS_CHECKED_AT_ONCE);
        for (long at = from; at < ch.size(); at += chunk.limit()) {
            chunk.clear();
            readFully(ch, chunk, at);
            if (!isZero(chunk.flip().duplicate())) {
                throw new IOException("journal segment " + segment + " is damaged: data follows its last record at byte " + from);
            }
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + total);
            if (n < 0) break;
            total += n;
        }
        return total;
    }

    /** The number of the last record written (or, before any, applied). */
    long lastNumber() {
        return lastNumber;
    }

    /** Appends one record and forces it to disk; returns its number. On failure nothing of it stays. */
    long append(ByteBuffer payload) throws IOException {
        if (broken != null) throw new IOException("the journal failed earlier and refuses writes until restart", broken);
        if (currentSize > 0 && currentSize + HEADER + payload.remaining() > segmentBytes) roll();
        long number = lastNumber + 1;
        crc.reset();
        header.clear().putLong(8, number);
        crc.update(header.position(8));
        crc.update(payload.duplicate());
        header.clear();
        header.putInt(payload.remaining()).putInt((int) crc.getValue()).putLong(number).flip();
        long length = HEADER + payload.remaining();
        try {
            ByteBuffer[] frame = {header, payload.duplicate()};
            while (frame[1].hasRemaining()) current.write(frame);
            current.force(false);
        } catch (IOException e) {
            undo(e);
            throw e;
        }
        currentSize += length;
        lastNumber = number;
        if (currentSize >= segmentBytes / 2) files.prepare();
        return number;
    }

    /** Cuts a failed write off the segment; if even that fails, the journal stops taking writes. */
    private void undo(IOException failure) {
        try {
            current.truncate(currentSize);
            current.position(currentSize);
            current.force(true);
        } catch (IOException e) {
            failure.addSuppressed(e);
            broken = failure;
        }
    }

    /** Closes the current segment and starts the next; the closed one is deleted once it is applied. */
    void roll() throws IOException {
        Path next = files.take();
        retireCurrent();
        startSegment(next);
    }

    /** Stops writing to the current segment; it joins those {@link #release} deletes once applied. */
    private void retireCurrent() throws IOException {
        current.close();
        synchronized (full) {
            full.addLast(new Segment(currentPath, lastNumber));
        }
    }

    private void startSegment(Path spare) throws IOException {
        currentPath = spare;
        current = FileChannel.open(currentPath, StandardOpenOption.WRITE);
        currentSize = 0;
    }

    /** Deletes every closed segment whose records DuckDB holds, that is, numbered up to {@code applied}. */
    void release(long applied) {
        synchronized (full) {
            while (!full.isEmpty() && full.peekFirst().last <= applied) {
                Path path = full.removeFirst().path;
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not delete the applied journal segment {}; it is replayed as a no-op on restart", path, e);
                }
            }
        }
    }

    /** Closes the journal; with {@code applied} covering every record, its files are deleted too. */
    void close(long applied) throws IOException {
        retireCurrent();
        release(applied);
        files.close();
    }
}
