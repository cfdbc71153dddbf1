package dev.auditlog.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an ingest request body into validated events (CONTRACT §4), or fails with every error found.
 *
 * <p>Why the body is decoded to text first: a strict JDK UTF-8 decoder rejects every malformed
 * sequence (overlong forms, encoded surrogates, truncated characters) instead of substituting
 * U+FFFD, so no byte of a client's event is silently altered before it is hashed. Jackson then reads
 * text with strict settings: no comments or NaN, duplicate member names and trailing garbage are errors.
 * Thread-safe.
 */
public final class EventParser {
    /** Most events one request may carry. */
    public static final int MAX_EVENTS = 1_000;
    /** Largest single event, in bytes of its compact JSON. */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    /** Jackson's own nesting guard: well above the {@value EventReader#MAX_NESTING} levels allowed in changes/metadata. */
    private static final int MAX_DOCUMENT_NESTING = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DOCUMENT_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Decimals arrive as written, so a digit a double would drop is refused rather than dropped (EventReader)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Clock clock;

    public EventParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * Parses and validates a request body: one JSON object, a JSON array of objects, or (when
     * {@code ndjson}) one object per line, blank lines ignored. Error pointers are
     * {@code /events/N/field/sub}, a single object being index 0.
     *
     * @return the events in request order
     * @throws EventValidationException  listing every problem when anything is wrong
     * @throws PayloadTooLargeException  beyond {@value #MAX_EVENTS} events or {@value #MAX_EVENT_BYTES} bytes per event
     */
    public List<Event> parse(byte[] body, boolean ndjson) {
        String text = decodeUtf8(body);
        List<FieldError> errors = new ArrayList<>();
        List<JsonNode> nodes = ndjson ? readLines(text, errors) : readDocument(text);
        if (nodes.isEmpty() && errors.isEmpty()) throw invalid("", "no events");
        if (nodes.size() > MAX_EVENTS) {
            throw new PayloadTooLargeException("", "a request may carry at most " + MAX_EVENTS + " events, not " + nodes.size());
        }
        List<Event> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (node == null) continue; // an NDJSON line that did not parse; its error is recorded
            checkSize(node, i);
            events.add(parseOne(node, i, errors));
        }
        if (!errors.isEmpty()) throw new EventValidationException(errors);
        return events;
    }

    /**
     * Validates one already-parsed JSON object; {@code index} is used in the error pointers.
     *
     * @return the event, or null when errors were added to {@code errorsOut}
     */
    public Event parseOne(JsonNode node, int index, List<FieldError> errorsOut) {
        return new EventReader(clock, index, errorsOut).read(node);
    }

    private static String decodeUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid("", "the body is not valid UTF-8 (bad byte sequence at offset " + in.position() + ")");
        }
        decoder.flush(out);
        out.flip();
        if (out.hasRemaining() && out.get(0) == '\uFEFF') out.position(1); // tolerate a byte-order mark
        return out.toString();
    }

    private static List<JsonNode> readDocument(String text) {
        if (text.isBlank()) throw invalid("", "the body is empty; expected a JSON object or an array of objects");
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("", malformed(e));
        }
        if (root.isObject()) return List.of(root);
        if (!root.isArray()) throw invalid("", "expected a JSON object or an array of objects");
        List<JsonNode> nodes = new ArrayList<>(root.size());
        root.forEach(nodes::add);
        return nodes;
    }

    /** One node per non-blank line; a line that is not JSON records an error and leaves a null. */
    private static List<JsonNode> readLines(String text, List<FieldError> errors) {
        List<JsonNode> nodes = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            try {
                nodes.add(MAPPER.readTree(lines[i]));
            } catch (JsonProcessingException e) {
                errors.add(new FieldError("/events/" + nodes.size(), "line " + (i + 1) + ": " + malformed(e)));
                nodes.add(null);
            }
        }
        return nodes;
    }

    /**
     * An event's size is its compact JSON in UTF-8. Serialising every event just to measure it cost nearly as
     * much as reading it, while events are almost always far below the limit; so a cheap upper bound decides
     * first, and only an event it cannot clear is serialised and measured exactly.
     */
    private static void checkSize(JsonNode node, int index) {
        if (sizeBound(node) <= MAX_EVENT_BYTES) return;
        int bytes = node.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EVENT_BYTES) {
            throw new PayloadTooLargeException("/events/" + index,
                    "an event may be at most " + MAX_EVENT_BYTES + " bytes serialised, this one is " + bytes);
        }
    }

    /**
     * At least the number of bytes of {@code node}'s compact JSON in UTF-8: no character of a string or a name
     * takes more than 6 (the escape of a control character); numbers other than integers are measured exactly.
     */
    private static long sizeBound(JsonNode node) {
        if (node.isTextual()) return 2 + 6L * node.textValue().length();
        if (node.isObject()) {
            long bound = 2;
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                bound += 4 + 6L * member.getKey().length() + sizeBound(member.getValue()); // quotes, colon, comma
            }
            return bound;
        }
        if (node.isArray()) {
            long bound = 2;
            for (JsonNode element : node) bound += 1 + sizeBound(element); // comma
            return bound;
        }
        if (node.isNull() || node.isBoolean()) return 5; // null, true, false
        if (node.isIntegralNumber() && node.canConvertToLong()) return 20; // a sign and at most 19 digits
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String malformed(JsonProcessingException e) {
        return MalformedJson.describe(e, MAX_DOCUMENT_NESTING);
    }

    private static EventValidationException invalid(String pointer, String detail) {
        return new EventValidationException(List.of(new FieldError(pointer, detail)));
    }
}
