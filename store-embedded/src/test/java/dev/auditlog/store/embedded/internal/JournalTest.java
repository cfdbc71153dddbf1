package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    /** Small segments, so that tests can fill one. */
    private static final long SEGMENT_BYTES = 4096;

    @TempDir
    Path dir;

    private final List<String> replayed = new ArrayList<>();

    private Journal open(long applied) throws IOException {
        replayed.clear();
        return Journal.open(dir, applied, SEGMENT_BYTES, r -> replayed.add(r.number() + ":" + StandardCharsets.UTF_8.decode(r.payload())));
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The segment files holding records, oldest first (a spare made ahead of need holds none). */
    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().filter(JournalTest::holdsRecords).toList();
        }
    }

    private static boolean holdsRecords(Path segment) {
        try {
            byte[] bytes = Files.readAllBytes(segment);
            for (int i = 0; i < 16 && i < bytes.length; i++) if (bytes[i] != 0) return true;
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The directory's files, after waiting up to 10 s for the spare that is being made in the background. */
    private List<Path> filesOnceTheSpareIsMade() throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (files().size() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
        return files();
    }

    /** Where the records of a zero-filled segment end: after its last byte that is not zero. */
    private static int recordsEnd(byte[] segment) {
        int end = segment.length;
        while (end > 0 && segment[end - 1] == 0) end--;
        return end;
    }

    /** Leaves the journal as a killed process would: written, never closed. */
    private void writeAndAbandon(long applied, String... payloads) throws IOException {
        Journal journal = open(applied);
        for (String p : payloads) journal.append(text(p));
    }

    @Test
    void recordsAreNumberedInOrderFromTheLastAppliedOne() throws IOException {
        Journal journal = open(41);
        assertThat(journal.append(text("a"))).isEqualTo(42);
        assertThat(journal.append(text("b"))).isEqualTo(43);
        assertThat(journal.lastNumber()).isEqualTo(43);
    }

    @Test
    void reopeningReplaysExactlyTheRecordsAfterTheLastAppliedOne() throws IOException {
        writeAndAbandon(0, "a", "b", "c");
        Journal reopened = open(1);
        assertThat(replayed).containsExactly("2:b", "3:c");
        assertThat(reopened.append(text("d"))).isEqualTo(4);
    }

    @Test
    void replayedSegmentsAreDeletedAndNumbersContinueAcrossRestarts() throws IOException {
        writeAndAbandon(0, "a", "b");
        open(0);
        assertThat(replayed).containsExactly("1:a", "2:b");
        writeAndAbandon(2, "c");
        open(2);
        assertThat(replayed).containsExactly("3:c");
        assertThat(segments()).as("replayed segments are deleted; the new one holds nothing yet").isEmpty();
    }

    @Test
    void aRecordCutShortAtTheEndIsAnUnacknowledgedWriteAndIsCutOff() throws IOException {
        writeAndAbandon(0, "a", "bbbbbbbb");
        Path segment = segments().getFirst();
        int end = recordsEnd(Files.readAllBytes(segment));
        zero(segment, end - 3, end); // its last bytes never reached the disk
        Journal reopened = open(0);
        assertThat(replayed).containsExactly("1:a");
        assertThat(reopened.append(text("c"))).isEqualTo(2);
    }

    @Test
    void aRecordFailingItsChecksumAtTheEndIsCutOff() throws IOException {
        writeAndAbandon(0, "a", "b");
        flipLastByte(segments().getFirst());
        open(0);
        assertThat(replayed).containsExactly("1:a");
    }

    @Test
    void aRecordCutShortAtTheEndOfAFileThatWasNotMadeAheadIsCutOff() throws IOException {
        writeAndAbandon(0, "a", "bbbbbbbb");
        Path segment = segments().getFirst();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(recordsEnd(Files.readAllBytes(segment)) - 3);
        }
        open(0);
        assertThat(replayed).containsExactly("1:a");
    }

    @Test
    void aFirstRecordTornBeforeItsHeaderReachedTheDiskIsCutOffWithItsSegment() throws IOException {
        recordsAThenBInANewSegment();
        zero(segments().getLast(), 0, 16);
        Journal reopened = open(0);
        assertThat(replayed).containsExactly("1:a");
        assertThat(reopened.append(text("c"))).isEqualTo(2);
    }

    @Test
    void aRecordThatWouldNotFitStartsTheNextSegmentWhichWasMadeZeroFilledAhead() throws IOException {
        Journal journal = open(0);
        String half = "x".repeat((int) SEGMENT_BYTES / 2);
        journal.append(text(half));
        assertThat(filesOnceTheSpareIsMade()).as("past half full, a spare is made").hasSize(2);
        journal.append(text(half));
        journal.append(text("small"));
        assertThat(segments()).hasSize(2);
        assertThat(Files.size(segments().getLast())).as("the spare, zero-filled to a whole segment").isEqualTo(SEGMENT_BYTES);
        journal.append(text("y".repeat((int) SEGMENT_BYTES * 2)));
        assertThat(segments()).as("a record larger than a segment gets one of its own").hasSize(3);
        open(0);
        assertThat(replayed).hasSize(4);
    }

    @Test
    void closingDeletesTheSpareNotTaken() throws IOException {
        Journal journal = open(0);
        journal.append(text("x".repeat((int) SEGMENT_BYTES / 2)));
        assertThat(filesOnceTheSpareIsMade()).hasSize(2);
        journal.close(1);
        assertThat(files()).isEmpty();
    }

    @Test
    void dataAfterTheZerosThatEndAClosedSegmentIsDamage() throws IOException {
        Journal journal = open(0);
        journal.append(text("x".repeat((int) SEGMENT_BYTES / 2)));
        journal.roll();
        journal.append(text("b"));
        journal.roll();
        journal.append(text("c"));
        Path zeroFilled = segments().get(1);
        byte[] bytes = Files.readAllBytes(zeroFilled);
        bytes[bytes.length - 1] = 1;
        Files.write(zeroFilled, bytes);
        assertThatThrownBy(() -> open(0)).isInstanceOf(IOException.class).hasMessageContaining("data follows its last record");
    }

    @Test
    void damageInAnOlderSegmentRefusesToOpenRatherThanLoseAcknowledgedRecords() throws IOException {
        recordsAThenBInANewSegment();
        flipLastByte(segments().getFirst());
        assertThatThrownBy(() -> open(0)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    /** A journal whose records a and b sit in a segment each, the second still being written. */
    private Journal recordsAThenBInANewSegment() throws IOException {
        Journal journal = open(0);
        journal.append(text("a"));
        journal.roll();
        journal.append(text("b"));
        return journal;
    }

    /** A journal whose records a, b and c sit in a segment each, the last one still being written. */
    private Journal oneRecordPerSegment() throws IOException {
        Journal journal = recordsAThenBInANewSegment();
        journal.roll();
        journal.append(text("c"));
        return journal;
    }

    @Test
    void aMissingRecordIsDamageNotAGapToSkip() throws IOException {
        oneRecordPerSegment();
        Files.delete(segments().get(1));
        assertThatThrownBy(() -> open(0)).isInstanceOf(IOException.class).hasMessageContaining("record 3 follows 1");
    }

    @Test
    void releaseDeletesOnlyClosedSegmentsWhoseRecordsAreAllApplied() throws IOException {
        Journal journal = oneRecordPerSegment();
        assertThat(segments()).hasSize(3);
        journal.release(1);
        assertThat(segments()).hasSize(2);
        journal.release(3);
        assertThat(segments()).as("the segment being written stays").hasSize(1);
    }

    @Test
    void closingWithEverythingAppliedLeavesNoSegmentBehind() throws IOException {
        Journal journal = open(0);
        journal.append(text("a"));
        journal.close(1);
        assertThat(segments()).isEmpty();
    }

    @Test
    void closingWithRecordsNotAppliedKeepsThemForTheNextStart() throws IOException {
        Journal journal = open(0);
        journal.append(text("a"));
        journal.append(text("b"));
        journal.close(1);
        open(1);
        assertThat(replayed).containsExactly("2:b");
    }

    /** Overwrites bytes {@code from} to {@code to} of a segment with zeros, as a write that never reached the disk leaves them. */
    private static void zero(Path segment, int from, int to) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        Arrays.fill(bytes, from, to, (byte) 0);
        Files.write(segment, bytes);
    }

    private static void flipLastByte(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        bytes[recordsEnd(bytes) - 1] ^= 1;
        Files.write(segment, bytes);
    }
}
