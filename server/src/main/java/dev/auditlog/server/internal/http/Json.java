package dev.auditlog.server.internal.http;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.ReadableJson;
import dev.auditlog.core.event.FieldError;
import dev.auditlog.core.event.MalformedJson;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** JSON in and out of handlers: one strict mapper, one way to answer with a document. */
public final class Json {
    public static final String MEDIA_TYPE = "application/json";
    /** Deepest nesting a request document may have. */
    private static final int MAX_NESTING = 32;
    public static final ObjectMapper MAPPER = JsonMapper.builder(ReadableJson.configure(new JsonFactoryBuilder())
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Sends {@code body} with the given status as {@code application/json}. */
    public static void send(ServerResponse res, int status, JsonNode body) {
        send(res, status, MEDIA_TYPE, body);
    }

    static void send(ServerResponse res, int status, String mediaType, JsonNode body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, mediaType);
        res.send(bytes(body));
    }

    static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a small request document that must be a JSON object with no members but {@code members}: 415 for a
     * body that is not JSON, 400 for anything but such an object. Each unknown member is named by its pointer: a
     * misspelt or unsupported option (say {@code expires_at} on a key) dropped in silence would look accepted.
     */
    public static ObjectNode readObject(ServerRequest req, Set<String> members) {
        ObjectNode body = readObject(req);
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!members.contains(name)) unknown.add(name);
        });
        if (!unknown.isEmpty()) {
            throw new ApiProblem(400, "Bad Request", (unknown.size() == 1 ? "unknown member " : "unknown members ")
                    + String.join(", ", unknown) + "; the members are " + String.join(", ", new TreeSet<>(members)),
                    unknown.stream().map(name -> new FieldError(FieldError.member("", name), "unknown member " + name)).toList());
        }
        return body;
    }

    /** Reads a small request document that must be a JSON object: 415 for a body that is not JSON, 400 for any other value. */
    public static ObjectNode readObject(ServerRequest req) {
        String mediaType = RequestBodies.mediaType(req);
        if (!mediaType.equals(MEDIA_TYPE)) throw ApiProblem.unsupportedMediaType(MEDIA_TYPE, mediaType);
        return readObject(RequestBodies.read(req));
    }

    private static ObjectNode readObject(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid("", "the body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text); // a byte-order mark, as ingest takes it
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid("", MalformedJson.describe(e, MAX_NESTING));
        }
        if (node == null || !node.isObject()) throw ApiProblem.invalid("", "expected a JSON object");
        return (ObjectNode) node;
    }
}
