package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Times;
import dev.auditlog.store.embedded.internal.CsvFrame.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes the CSV row of a fetched {@link CsvFrame} straight from its bytes, in the columns of
 * {@link dev.auditlog.core.export.CsvExport#COLUMNS}, or declines a row it cannot write exactly as the generic
 * path would (see {@link DetailsCells}); the caller then writes that one through the generic path. A row is
 * checked whole before its first byte is written, so a declined row leaves nothing behind.
 */
final class CsvLines {
    private static final byte[][] EVENT_TYPES = Arrays.stream(EventType.values())
            .map(t -> t.wire().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private final CsvFrame frame = new CsvFrame();
    private final DetailsCells details = new DetailsCells();
    private final CsvBuffer out;

    CsvLines(CsvBuffer out) {
        this.out = out;
    }

    /** The frame of the last row {@link #write} was given, parsed. */
    CsvFrame frame() {
        return frame;
    }

    /** Writes the CSV row of {@code row}, which has a frame; false, writing nothing, when it must take the generic path. */
    boolean write(CsvFrame.Row row) {
        frame.parse(row);
        if (!knownEventType() || !details.read(frame.bytes(), frame.offset(Field.DETAILS), frame.length(Field.DETAILS))) {
            return false;
        }
        column(Field.ID, true);
        out.cell(Long.toString(row.seq()));
        out.separator();
        out.cell(Times.format(Instant.ofEpochMilli(row.recordedMs())));
        out.separator();
        if (details.hasOccurred) out.cell(Times.format(Instant.ofEpochMilli(details.occurredMs)));
        out.separator();
        column(Field.CHANNEL);
        column(Field.EVENT);
        column(Field.ACTION);
        column(Field.DESCRIPTION);
        column(Field.ACTOR_TYPE);
        column(Field.ACTOR_ID);
        column(details.actorName);
        column(details.actorEmail);
        column(Field.TARGET_TYPE);
        column(Field.TARGET_ID);
        column(details.targetName);
        column(details.concerns);
        column(Field.IP);
        column(Field.STATUS);
        column(details.changes);
        column(details.metadata);
        out.cell(frame.bytes(), frame.offset(Field.LEAF_HASH), frame.length(Field.LEAF_HASH), false);
        out.endRow();
        return true;
    }

    /** The generic path reads the event type by its wire name and refuses any other. */
    private boolean knownEventType() {
        int offset = frame.offset(Field.EVENT);
        int length = frame.length(Field.EVENT);
        for (byte[] wire : EVENT_TYPES) {
            if (Arrays.equals(frame.bytes(), offset, offset + length, wire, 0, wire.length)) return true;
        }
        return false;
    }

    private void column(Field f) {
        column(f, false);
    }

    private void column(Field f, boolean first) {
        out.cell(frame.bytes(), frame.offset(f), frame.length(f), first);
        out.separator();
    }

    private void column(DetailsCells.Span span) {
        out.cell(span.bytes, span.offset, span.length, false);
        out.separator();
    }
}
