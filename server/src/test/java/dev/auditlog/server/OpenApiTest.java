package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} documents exactly the routes the server registers, and what they answer. */
class OpenApiTest {
    @TempDir
    static Path dataDir;
    static TestServer api;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
        doc = json(expect(api.get("/openapi.json", null), 200));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void openApiDocumentsEveryRegisteredRouteAndNoOther() {
        assertThat(doc.get("openapi").asText()).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> registered = api.server.routes().stream()
                .map(r -> r.method().text() + " " + r.path().replace("{+", "{")) // OpenAPI has no notation for an id spanning segments
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(registered);
    }

    /** Client generators name their methods by it: without one they invent names such as postApiV1TenantsByTSubjectsByIdErase. */
    @Test
    void everyOperationHasAnOperationIdOfItsOwn() {
        List<String> ids = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> ids.add(op.getValue().path("operationId").asText())));
        assertThat(ids).doesNotContain("").doesNotHaveDuplicates().hasSize(api.server.routes().size());
    }

    /** Every body is read with the same 4 MiB limit and media type check, so every operation taking one answers both. */
    @Test
    void everyOperationTakingABodyDocumentsItsSizeLimitAndMediaType() {
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (operation.getValue().has("requestBody")) {
                assertThat(operation.getValue().get("responses").has("413")).as(operation.getKey() + " " + path.getKey() + " 413").isTrue();
                assertThat(operation.getValue().get("responses").has("415")).as(operation.getKey() + " " + path.getKey() + " 415").isTrue();
            }
        }));
    }

    /**
     * Ingest takes a member given as null as absent, in the event and in its actor, target and concerns (only the
     * required action must be a string): the schema must take the events the server takes.
     */
    @Test
    void everyEventMemberIngestTakesAsAbsentWhenNullMayBeNullInTheSchema() {
        api.createTenant("nulls");
        Map<String, String> schemas = Map.of("EventFields", "{\"action\":\"a\",\"%s\":null}",
                "Actor", "{\"action\":\"a\",\"actor\":{\"%s\":null}}", "Target", "{\"action\":\"a\",\"target\":{\"%s\":null}}",
                "Concern", "{\"action\":\"a\",\"concerns\":[{\"%s\":null}]}");
        schemas.forEach((schema, event) -> schema(schema).get("properties").properties().forEach(member -> {
            int status = api.postJson("/api/v1/tenants/nulls/events", TestServer.MASTER, event.formatted(member.getKey())).statusCode();
            assertThat(status).as(schema + "." + member.getKey() + " null").isEqualTo(member.getKey().equals("action") ? 400 : 201);
            assertThat(takesNull(member.getValue())).as(schema + "." + member.getKey() + " takes null in the schema").isEqualTo(status == 201);
        }));
    }

    private static JsonNode schema(String name) {
        return doc.get("components").get("schemas").get(name);
    }

    /** Whether {@code schema} validates JSON null: by its type, or by one of its anyOf, its enum (if any) holding null. */
    private static boolean takesNull(JsonNode schema) {
        if (schema.has("$ref")) return takesNull(schema(schema.get("$ref").asText().substring("#/components/schemas/".length())));
        if (schema.has("anyOf")) {
            for (JsonNode alternative : schema.get("anyOf")) if (takesNull(alternative)) return true;
            return false;
        }
        JsonNode type = schema.path("type");
        boolean byType = type.isArray() ? type.toString().contains("\"null\"") : type.asText().equals("null");
        boolean byEnum = !schema.has("enum") || schema.get("enum").toString().contains("null");
        return byType && byEnum;
    }
}
