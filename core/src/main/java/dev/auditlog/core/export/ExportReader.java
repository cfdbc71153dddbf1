package dev.auditlog.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Reads a JSON document from a stream through a window of raw bytes: the structure between values token by
 * token, each value as a byte range of {@link #buffer()} (or as a tree). When a value runs past the window, the
 * unread rest moves to a new, larger-if-need-be buffer; old buffers are not written again while ranges handed
 * out may be in use: only once the caller has said it is done with them ({@link #checked}).
 */
final class ExportReader {
    private static final int BUFFER_BYTES = 1 << 20;
    /** Refuses a member named twice: readers that keep the first and readers that keep the last would disagree. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] CSV_HEADER = "id,seq,recorded_at,".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    private long offset; // of buf[0] in the stream
    private boolean eof;
    /** Whether {@link #lineValueEnd} takes values to end where their lines do; null until its first value is read. */
    private Boolean byLines;
    /** In {@link #buf}: the first newline at or after where it was last looked for, {@link #limit} if none. */
    private int nextNewline = -1;
    /** Buffers of {@link #BUFFER_BYTES} that nothing handed out refers to any more, for the next fills. */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    /** The buffer of the ranges last {@link #checked}. */
    private byte[] lastChecked;

    ExportReader(InputStream in) {
        this.in = in;
    }

    /** The next byte that is not whitespace, not consumed; -1 at the end of the stream. */
    int peek() throws IOException {
        while (true) {
            while (pos < limit && JsonText.isWhitespace(buf[pos])) pos++;
            if (pos < limit) return buf[pos];
            if (!fill()) return -1;
        }
    }

    /** Skips a UTF-8 byte-order mark at the start, which some editors add when they save a file. */
    void skipByteOrderMark() throws IOException {
        if (peek() == BYTE_ORDER_MARK[0] && startsWith(BYTE_ORDER_MARK)) pos += BYTE_ORDER_MARK.length;
    }

    /** Whether what comes next is the header row of a CSV export. */
    boolean atCsvHeader() throws IOException {
        return peek() == CSV_HEADER[0] && startsWith(CSV_HEADER);
    }

    private boolean startsWith(byte[] prefix) {
        return limit - pos >= prefix.length && Arrays.equals(buf, pos, pos + prefix.length, prefix, 0, prefix.length);
    }

    /** Consumes {@code c} if it comes next. */
    boolean take(char c) throws IOException {
        if (peek() != c) return false;
        pos++;
        return true;
    }

    void expect(char c) throws IOException {
        if (!take(c)) throw malformed("expected '" + c + "'");
    }

    /** The buffer the next value lies in, once {@link #valueEnd} has made sure all of it does. */
    byte[] buffer() {
        return buf;
    }

    /** Where the next value starts in {@link #buffer()}. */
    int position() {
        return pos;
    }

    /**
     * Makes sure the whole next value is in {@link #buffer()} from {@link #position()} on, and returns its end
     * there, without consuming it ({@link #skipTo} does).
     */
    int valueEnd() throws IOException {
        if (peek() < 0) throw malformed("the document ends early");
        while (true) {
            int end = JsonText.valueEnd(buf, pos, limit);
            if (end == pos) throw malformed("expected a value");
            if (end > pos) return end;
            if (!fill()) throw malformed("the document ends inside a value");
        }
    }

    /**
     * As {@link #valueEnd}, for the values of an array written one to a line, as {@link JsonExport} writes its
     * entries: if the first value ends its line (before a comma, if any), each next one whose line ends in
     * {@code }} (or {@code },}) is taken to end there, found by a scan for the newline alone (a raw newline cannot
     * occur inside a JSON string) rather than through every string and bracket of the value. For a document laid
     * out otherwise that is only a guess, so the caller must confirm that the range holds exactly one value.
     */
    int lineValueEnd() throws IOException {
        if (byLines == null) {
            int end = valueEnd();
            byLines = endsLine(end) || end < limit && buf[end] == ',' && endsLine(end + 1);
            return end;
        }
        int end = byLines && peek() >= 0 ? lineEnd() : -1;
        return end > pos ? end : valueEnd();
    }

    private boolean endsLine(int at) {
        return at < limit && buf[at] == '\n';
    }

    /** Where the line from {@link #pos} ends if it ends in {@code }} or {@code },}, within the buffer; else -1. */
    private int lineEnd() {
        if (nextNewline < pos) nextNewline = JsonText.newline(buf, pos, limit);
        int end = nextNewline;
        if (end == limit) return -1;
        if (buf[end - 1] == ',') end--;
        return buf[end - 1] == '}' ? end : -1;
    }

    void skipTo(int end) {
        pos = end;
    }

    /** Reads the next value as a tree. */
    JsonNode tree() throws IOException {
        int end = valueEnd();
        JsonNode node;
        try {
            node = MAPPER.readTree(buf, pos, end - pos);
        } catch (JsonProcessingException e) {
            long within = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getByteOffset());
            throw new MalformedException("at byte " + (offset + pos + within) + ": " + e.getOriginalMessage());
        }
        pos = end;
        return node;
    }

    /** Reads a member name and the colon after it. */
    String name() throws IOException {
        if (peek() != '"') throw malformed("expected a member name");
        String name = tree().textValue();
        expect(':');
        return name;
    }

    private MalformedException malformed(String problem) {
        return new MalformedException("at byte " + (offset + pos) + ": " + problem);
    }

    /** The document is not JSON: a problem with the export, unlike an {@link IOException} while reading it. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * Says that the caller is done with every range it was handed in buffers before {@code buffer}, a buffer that
     * ranges were handed out in: called in the order the ranges were handed out, it lets a later fill reuse those
     * buffers rather than allocate (and zero) a megabyte each time, about 1% of the CPU of a verification.
     */
    void checked(byte[] buffer) {
        if (buffer == lastChecked) return;
        byte[] done = lastChecked;
        lastChecked = buffer;
        if (done != null && done != buf && done.length == BUFFER_BYTES && spare.size() < 4) spare.push(done);
    }

    /** Moves the unread bytes to another buffer and reads on; false when the stream had nothing more. */
    private boolean fill() throws IOException {
        if (eof) return false;
        int unread = limit - pos;
        int size = Math.max(BUFFER_BYTES, 2 * unread);
        byte[] next = size == BUFFER_BYTES && !spare.isEmpty() ? spare.pop() : new byte[size];
        System.arraycopy(buf, pos, next, 0, unread);
        offset += pos;
        buf = next;
        pos = 0;
        nextNewline = -1;
        int read = in.readNBytes(buf, unread, buf.length - unread);
        limit = unread + read;
        eof = limit < buf.length;
        return read > 0;
    }
}
