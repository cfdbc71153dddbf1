package dev.auditlog.store.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private final List<String> replayed = new ArrayList<>();

    private Journal open(long applied) throws IOException {
        replayed.clear();
        return Journal.open(dir, applied, r -> replayed.add(r.number() + ":" + StandardCharsets.UTF_8.decode(r.payload())));
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
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
        assertThat(segments()).hasSize(1);
    }

    @Test
    void aRecordCutShortAtTheEndIsAnUnacknowledgedWriteAndIsCutOff() throws IOException {
        writeAndAbandon(0, "a", "bbbbbbbb");
        Path segment = segments().getFirst();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
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
    void damageInAnOlderSegmentRefusesToOpenRatherThanLoseAcknowledgedRecords() throws IOException {
        Journal journal = open(0);
        journal.append(text("a"));
        journal.roll();
        journal.append(text("b"));
        flipLastByte(segments().getFirst());
        assertThatThrownBy(() -> open(0)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    /** A journal whose records a, b and c sit in a segment each, the last one still being written. */
    private Journal oneRecordPerSegment() throws IOException {
        Journal journal = open(0);
        journal.append(text("a"));
        journal.roll();
        journal.append(text("b"));
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

    private static void flipLastByte(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 1] ^= 1;
        Files.write(segment, bytes);
    }
}
