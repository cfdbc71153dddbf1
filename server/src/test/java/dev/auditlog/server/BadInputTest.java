package dev.auditlog.server;

import static dev.auditlog.server.TestServer.MASTER;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CONTRACT §2: bad input gets a 4xx problem document, never a 5xx, and a rejected request appends nothing. */
class BadInputTest {
    private static final String JSON = "application/json";

    @TempDir
    static Path dataDir;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
        api.createTenant("acme");
        api.createTenant("fuzz");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Arguments> badBodies() {
        String future = Instant.now().plusSeconds(3600).toString();
        String deep = "{\"action\":\"a\",\"metadata\":" + "{\"x\":".repeat(200) + "1" + "}".repeat(200) + "}";
        StringBuilder thousandAndOne = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) thousandAndOne.append(i == 0 ? "" : ",").append("{\"action\":\"a\"}");
        thousandAndOne.append(']');
        return Stream.of(
                Arguments.of("malformed JSON", JSON, bytes("{\"action\":"), 400),
                Arguments.of("trailing garbage", JSON, bytes("{\"action\":\"a\"} x"), 400),
                Arguments.of("empty body", JSON, bytes(""), 400),
                Arguments.of("a bare string", JSON, bytes("\"action\""), 400),
                Arguments.of("action of wrong type", JSON, bytes("{\"action\":5}"), 400),
                Arguments.of("actor of wrong type", JSON, bytes("{\"action\":\"a\",\"actor\":\"bob\"}"), 400),
                Arguments.of("missing action", JSON, bytes("{\"description\":\"no action\"}"), 400),
                Arguments.of("invalid action", JSON, bytes("{\"action\":\"drop table;\"}"), 400),
                Arguments.of("invalid ip", JSON, bytes("{\"action\":\"a\",\"ip\":\"999.1.1.1\"}"), 400),
                Arguments.of("invalid email", JSON, bytes("{\"action\":\"a\",\"actor\":{\"type\":\"user\",\"email\":\"nope\"}}"), 400),
                Arguments.of("invalid status", JSON, bytes("{\"action\":\"a\",\"status\":\"maybe\"}"), 400),
                Arguments.of("invalid event", JSON, bytes("{\"action\":\"a\",\"event\":\"banana\"}"), 400),
                Arguments.of("future occurred_at", JSON, bytes("{\"action\":\"a\",\"occurred_at\":\"" + future + "\"}"), 400),
                Arguments.of("duplicate member", JSON, bytes("{\"action\":\"a\",\"action\":\"b\"}"), 400),
                Arguments.of("one valid and one invalid event", JSON, bytes("[{\"action\":\"ok\"},{\"action\":\"\"}]"), 400),
                Arguments.of("invalid UTF-8", JSON, new byte[] {'{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 400),
                Arguments.of("deep nesting", JSON, bytes(deep), 400),
                Arguments.of("1,001 events", JSON, bytes(thousandAndOne.toString()), 413),
                Arguments.of("5 MiB body", JSON, bytes("[" + "{\"action\":\"a\"},".repeat(5 * 1024 * 1024 / 15) + "{\"action\":\"a\"}]"), 413),
                Arguments.of("event over 64 KiB", JSON, bytes("{\"action\":\"a\",\"description\":\"" + "x".repeat(70_000) + "\"}"), 413),
                Arguments.of("bad NDJSON line", "application/x-ndjson", bytes("{\"action\":\"a\"}\n{oops}\n"), 400),
                Arguments.of("text/plain", "text/plain", bytes("{\"action\":\"a\"}"), 415),
                Arguments.of("form fields (curl -d without a JSON type) are not JSON", "application/x-www-form-urlencoded", bytes("action=a"), 400));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("badBodies")
    void badIngestBodyIsAProblemAndAppendsNothing(String name, String contentType, byte[] body, int status) {
        long before = total("acme");
        HttpResponse<byte[]> res = api.send("POST", "/api/v1/tenants/acme/events", MASTER, contentType, body);
        assertProblem(res, status);
        assertThat(total("acme")).isEqualTo(before);
    }

    @Test
    void validationErrorsPointIntoTheRequest() {
        JsonNode problem = json(expect(api.postJson("/api/v1/tenants/acme/events", MASTER,
                "[{\"action\":\"ok\"},{\"action\":\"a\",\"actor\":{\"type\":\"user\",\"email\":\"nope\"}}]"), 400));
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("pointer").asText()).isEqualTo("/events/1/actor/email"));
    }

    @Test
    void hostileButValidStringsAreStoredVerbatim() {
        String hostile = "'; DROP TABLE entries; -- <script>alert(1)</script> \\u0000 \u202e";
        String body = "{\"action\":\"a\",\"description\":" + TestServer.JSON.valueToTree(hostile) + "}";
        String id = json(expect(api.postJson("/api/v1/tenants/acme/events", MASTER, body), 201)).get("entries").get(0).get("id").asText();
        assertThat(json(expect(api.get("/api/v1/tenants/acme/events/" + id, MASTER), 200)).get("description").asText()).isEqualTo(hostile);
    }

    @Test
    void controlCharactersNeverCauseAServerError() {
        HttpResponse<byte[]> res = api.postJson("/api/v1/tenants/acme/events", MASTER, "{\"action\":\"a\",\"description\":\"bell\\u0007 nul\\u0000\"}");
        assertThat(res.statusCode()).isIn(201, 400);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("GET", "/no/such/route", 404),
                Arguments.of("GET", "/api/v1/tenants/acme/nothing-here", 404),
                Arguments.of("PUT", "/api/v1/tenants/acme/events", 405),
                Arguments.of("DELETE", "/api/v1/tenants", 405),
                Arguments.of("GET", "/api/v1/tenants/acme/events?event=banana", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/events?from=yesterday", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/events?limit=100000", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/events?cursor=garbage!", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/events?period=someday", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/events?from=2026-13-45", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/export?format=xlsx", 400),
                Arguments.of("GET", "/api/v1/tenants/acme/export?format=csv&status=meh", 400));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @MethodSource("badRequests")
    void badRequestIsAProblemDocument(String method, String path, int status) {
        HttpResponse<byte[]> res = api.send(method, path, MASTER, null, null);
        assertProblem(res, status);
        if (status == 405) assertThat(res.headers().firstValue("Allow")).isPresent();
    }

    /** CONTRACT §2: times are RFC 3339. A query bound is held to what ingest takes in occurred_at, or is a bare date. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-11-30T12:00Z", "2026-11-30T12:00:00.Z", "2026-11-30T12:00:00+05", "2026-11-30T23:59:60Z",
            "2026-01-15T12:00:00+05:00", "2026-01-15t12:00:00.5z", "2026-01-15T12:00:00.123456Z"})
    void aQueryTakesATimeExactlyWhenIngestTakesItAsOccurredAt(String time) {
        int ingest = api.postJson("/api/v1/tenants/acme/events", MASTER, "{\"action\":\"a\",\"occurred_at\":\"" + time + "\"}").statusCode();
        String encoded = java.net.URLEncoder.encode(time, StandardCharsets.UTF_8);
        for (String bound : new String[] {"from", "to"}) {
            HttpResponse<byte[]> query = api.get("/api/v1/tenants/acme/events?" + bound + "=" + encoded, MASTER);
            assertThat(query.statusCode()).as(bound + " while ingest answered " + ingest).isEqualTo(ingest == 201 ? 200 : 400);
        }
    }

    @Test
    void unknownQueryValueNamesTheParameter() {
        JsonNode problem = json(expect(api.get("/api/v1/tenants/acme/events?event=banana", MASTER), 400));
        assertThat(problem.get("detail").asText()).contains("event");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/event");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"events?q=a%00b", "events?actor=%00", "export?format=json&concerns=%00", "subjects/%00/erase"})
    void aNulInAFilterOrSubjectIdIsABadRequestNotAStoreFailure(String path) {
        String url = "/api/v1/tenants/acme/" + path;
        HttpResponse<byte[]> res = path.endsWith("erase") ? api.postJson(url, MASTER, "") : api.get(url, MASTER);
        assertProblem(res, 400);
        assertThat(json(res).get("detail").asText()).contains("must not contain control characters (found U+0000");
    }

    /** Decoded, such a value would hold U+FFFD where its bytes were, and match or export for a value never sent. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/tenants/acme/events?q=%FF",
            "/api/v1/tenants/acme/events?limit=5&actor=u%C3",
            "/api/v1/tenants/acme/export?format=csv&q=%ED%A0%80"})
    void aQueryValueThatIsNotUtf8Is400NamingIt(String path) {
        String name = path.substring(path.lastIndexOf('&') < 0 ? path.indexOf('?') + 1 : path.lastIndexOf('&') + 1, path.lastIndexOf('='));
        HttpResponse<byte[]> res = api.get(path, MASTER);
        assertProblem(res, 400);
        JsonNode problem = json(res);
        assertThat(problem.get("detail").asText()).isEqualTo(name + " is not UTF-8 once its %-escapes are decoded");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/" + name);
    }

    @Test
    void aSubjectIdThatIsNotUtf8IsABadRequest() {
        HttpResponse<byte[]> res = api.postJson("/api/v1/tenants/acme/subjects/%C3%28/erase", MASTER, "");
        assertProblem(res, 400);
        assertThat(json(res).get("detail").asText()).isEqualTo("the subject id is not UTF-8 once its %-escapes are decoded");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/tenants/acme/events?channel=billing&channel=users",
            "/api/v1/tenants/acme/events?event=created&event=deleted",
            "/api/v1/tenants/acme/events?limit=50&limit=2",
            "/api/v1/tenants/acme/export?format=csv&channel=billing&channel=users",
            "/api/v1/tenants/acme/export?format=csv&format=json",
            "/api/v1/tenants/acme/proofs/consistency?from=0&from=1"})
    void aParameterGivenTwiceIs400NamingItAndExportsNothing(String path) {
        String name = path.substring(path.lastIndexOf('&') + 1, path.lastIndexOf('='));
        long before = total("acme");
        HttpResponse<byte[]> res = api.get(path, MASTER);
        assertProblem(res, 400);
        JsonNode problem = json(res);
        assertThat(problem.get("detail").asText()).isEqualTo(name + " may be given only once; it was given 2 times");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/" + name);
        assertThat(total("acme")).isEqualTo(before);
    }

    /** Java's number parsers take a sign and any script's digits; a client that sent them meant something else. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/tenants/acme/events?limit=%2B5",
            "/api/v1/tenants/acme/events?limit=%EF%BC%95",
            "/api/v1/tenants/acme/proofs/consistency?from=%2B1",
            "/api/v1/tenants/acme/proofs/consistency?to=%D9%A1"})
    void aNumberWithASignOrNonAsciiDigitsIs400NamingIt(String path) {
        String name = path.substring(path.indexOf('?') + 1, path.lastIndexOf('='));
        HttpResponse<byte[]> res = api.get(path, MASTER);
        assertProblem(res, 400);
        assertThat(json(res).get("errors").get(0).get("pointer").asText()).isEqualTo("/query/" + name);
    }

    /** A misspelt filter ignored would answer, or export, the whole log as if it were the filtered one. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/v1/tenants/acme/events?chanel=billing",
            "/api/v1/tenants/acme/events?limit=5&actor_id=u_1",
            "/api/v1/tenants/acme/export?format=csv&chanel=billing",
            "/api/v1/tenants/acme/proofs/consistency?from=0&to=1&size=2"})
    void anUnknownParameterIs400NamingItAndExportsNothing(String path) {
        String name = path.substring(path.lastIndexOf('&') < 0 ? path.indexOf('?') + 1 : path.lastIndexOf('&') + 1, path.lastIndexOf('='));
        long before = total("acme");
        HttpResponse<byte[]> res = api.get(path, MASTER);
        assertProblem(res, 400);
        JsonNode problem = json(res);
        assertThat(problem.get("detail").asText()).startsWith("unknown parameter " + name + "; the parameters here are ");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/" + name);
        assertThat(total("acme")).isEqualTo(before);
    }

    /**
     * An operation that takes no parameters refuses any, as the query does, before it does anything: {@code
     * ?dry_run=true} on an erasure ignored would erase, and {@code ?retention_days=9999} on a prune would prune by the
     * tenant's setting.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "POST|/api/v1/tenants|{\"id\":\"dry-run\"}",
            "POST|/api/v1/tenants/acme/keys|{\"name\":\"x\",\"scopes\":[\"read\"]}",
            "GET|/api/v1/tenants/acme/keys|",
            "DELETE|/api/v1/tenants/acme/keys/{key}|",
            "GET|/api/v1/tenants/acme/checkpoint|",
            "GET|/api/v1/tenants/acme/settings|",
            "PUT|/api/v1/tenants/acme/settings|{\"retention_days\":90}",
            "POST|/api/v1/tenants/acme/subjects/u_dry/erase|",
            "POST|/api/v1/tenants/acme/retention/run|"})
    void anOperationTakingNoParametersRefusesAnyAndDoesNothing(String method, String path, String body) {
        String key = api.createKey("acme", "read");
        long before = total("acme");
        HttpResponse<byte[]> res = api.send(method, path.replace("{key}", key.split("_")[1]) + "?dry_run=true", MASTER,
                body == null ? null : JSON, body == null ? null : bytes(body));
        assertProblem(res, 400);
        JsonNode problem = json(res);
        assertThat(problem.get("detail").asText()).isEqualTo("unknown parameter dry_run; this operation takes no parameters");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/dry_run");
        assertThat(total("acme")).as("nothing recorded, so nothing done").isEqualTo(before);
        expect(api.get("/api/v1/tenants/acme/events?limit=1", key), 200);
        assertProblem(api.get("/api/v1/tenants/dry-run/checkpoint", MASTER), 404);
    }

    /** An erasure and a prune cannot be undone: options sent in a body ({"dry_run":true}) must not go unread while they run. */
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
            "subjects/u_dry/erase|application/json|{\"dry_run\":true}",
            "subjects/u_dry/erase|application/json|{}",
            "subjects/u_dry/erase|application/xml|<dry-run/>",
            "retention/run|application/json|{\"retention_days\":9999}",
            "retention/run|text/plain|now"})
    void anOperationTakingNoBodyRefusesOneAndDoesNothing(String operation, String contentType, String body) {
        long before = total("acme");
        HttpResponse<byte[]> res = api.send("POST", "/api/v1/tenants/acme/" + operation, MASTER, contentType, bytes(body));
        assertProblem(res, 400);
        assertThat(json(res).get("detail").asText()).isEqualTo("this operation takes no request body; nothing was done");
        assertThat(total("acme")).isEqualTo(before);
        assertProblem(api.send("POST", "/api/v1/tenants/acme/" + operation, MASTER, JSON, new byte[5 * 1024 * 1024]), 413);
        assertThat(total("acme")).isEqualTo(before);
    }

    /** A client paging an export would get the whole log once per page, and believe it had one page each time. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"limit=2", "cursor=czM", "count=true"})
    void anExportRefusesPagingParametersAndExportsNothing(String paging) {
        long before = total("acme");
        HttpResponse<byte[]> res = api.get("/api/v1/tenants/acme/export?format=json&" + paging, MASTER);
        assertProblem(res, 400);
        JsonNode problem = json(res);
        String name = paging.substring(0, paging.indexOf('='));
        assertThat(problem.get("detail").asText()).isEqualTo(name + " belongs to the paged query; an export is not paged: it"
                + " streams every entry matching the filters");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/" + name);
        assertThat(total("acme")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/tenants/acme/events?limit=1&", "/api/v1/tenants/acme/events?&limit=1",
            "/api/v1/tenants/acme/export?format=csv&", "/api/v1/tenants/acme/events?limit=1&&count=true"})
    void anEmptyParameterFromAStrayAmpersandIsHarmless(String path) {
        expect(api.get(path, MASTER), 200);
    }

    @Test
    void badTenantAndKeyBodiesAreProblems() {
        assertProblem(api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"Not Valid\"}"), 400);
        assertProblem(api.postJson("/api/v1/tenants", MASTER, "[1]"), 400);
        assertProblem(api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"acme\"}"), 409);
        assertProblem(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"name\":\"x\",\"scopes\":[\"root\"]}"), 400);
        assertProblem(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"name\":\"x\",\"scopes\":[]}"), 400);
        assertProblem(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"scopes\":[\"read\"]}"), 400);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /api/v1/tenants, '{\"id\":\"plain\"}'",
            "POST, /api/v1/tenants/acme/keys, '{\"name\":\"x\",\"scopes\":[\"read\"]}'",
            "PUT, /api/v1/tenants/acme/settings, '{\"retention_days\":90}'"})
    void aJsonDocumentSentAsTextIs415LikeIngest(String method, String path, String body) {
        HttpResponse<byte[]> res = api.send(method, path, MASTER, "text/plain", bytes(body));
        assertProblem(res, 415);
        assertThat(json(res).get("detail").asText()).isEqualTo("send application/json, not text/plain");
    }

    /** Editors on Windows save JSON with a byte-order mark; ingest has always taken it, and so does every other body. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /api/v1/tenants, '{\"id\":\"with-bom\"}', 201",
            "POST, /api/v1/tenants/acme/keys, '{\"name\":\"bom\",\"scopes\":[\"read\"]}', 201",
            "PUT, /api/v1/tenants/acme/settings, '{\"retention_days\":365}', 200"})
    void aJsonDocumentStartingWithAByteOrderMarkIsReadAsIngestReadsIt(String method, String path, String body, int status) {
        expect(api.send(method, path, MASTER, "application/json", bytes("\uFEFF" + body)), status);
    }

    @Test
    void anUnknownMemberOfANewKeyIsNamedAndNoKeyIsCreated() {
        int keys = json(expect(api.get("/api/v1/tenants/acme/keys", MASTER), 200)).get("keys").size();
        HttpResponse<byte[]> res = api.postJson("/api/v1/tenants/acme/keys", MASTER,
                "{\"name\":\"x\",\"scopes\":[\"read\"],\"expires_at\":\"2027-01-01T00:00:00Z\",\"a/b\":1}");
        assertProblem(res, 400);
        JsonNode problem = json(res);
        assertThat(problem.get("detail").asText())
                .isEqualTo("unknown members expires_at, a/b; the members are name, scopes");
        assertThat(problem.get("errors")).extracting(e -> e.get("pointer").asText()).containsExactly("/expires_at", "/a~1b");
        assertThat(json(expect(api.get("/api/v1/tenants/acme/keys", MASTER), 200)).get("keys")).hasSize(keys);
    }

    @Test
    void anUnknownMemberOfANewTenantIsNamedAndNoTenantIsCreated() {
        HttpResponse<byte[]> res = api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"eu-only\",\"region\":\"eu\"}");
        assertProblem(res, 400);
        assertThat(json(res).get("errors").get(0).get("pointer").asText()).isEqualTo("/region");
        assertThat(json(res).get("detail").asText()).isEqualTo("unknown member region; the members are id, name");
        expect(api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"eu-only\"}"), 201);
    }

    @Test
    void namesOfTenantsAndKeysRefuseControlCharactersAndCountCharactersNotUtf16Units() {
        HttpResponse<byte[]> tenant = api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"bell\",\"name\":\"Acme\\u0007Ltd\"}");
        assertProblem(tenant, 400);
        assertThat(json(tenant).get("detail").asText()).isEqualTo("name must not contain control characters (found U+0007 at position 4)");
        assertThat(json(tenant).get("errors").get(0).get("pointer").asText()).isEqualTo("/name");
        assertProblem(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"name\":\"billing\\nservice\",\"scopes\":[\"read\"]}"), 400);
        String hundredEmoji = "\uD83D\uDD11".repeat(100); // 100 characters, 200 UTF-16 units
        expect(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"name\":\"" + hundredEmoji + "\",\"scopes\":[\"read\"]}"), 201);
    }

    /** Seeded mutations of valid bodies: each answer is 201 or a 4xx problem, and only 201s add entries. */
    @Test
    void tenThousandMutatedBodiesNeverCauseAServerErrorNorAPartialAppend() {
        Random random = new Random(20261121);
        List<String> seeds = List.of(
                "{\"action\":\"invoice.created\",\"channel\":\"billing\",\"description\":\"Invoice #1\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
                        + "\"actor\":{\"type\":\"user\",\"id\":\"u_1\",\"name\":\"Grace\",\"email\":\"grace@example.com\"},"
                        + "\"target\":{\"type\":\"invoice\",\"id\":\"1\",\"url\":\"https://x.example/1\"},\"concerns\":[{\"type\":\"user\",\"id\":\"u_2\"}],"
                        + "\"ip\":\"203.0.113.7\",\"status\":\"error\",\"changes\":{\"a\":{\"old\":1,\"new\":2}},\"metadata\":{\"k\":[1,2,{\"z\":null}]}}",
                "[{\"action\":\"a.created\"},{\"action\":\"b\",\"event\":\"read\",\"ip\":\"2001:db8::1\"},{\"action\":\"c\",\"idempotency_key\":\"i1\"}]",
                "{\"action\":\"user.login\",\"user_agent\":\"Mozilla/5.0\",\"actor\":{\"type\":\"system\"}}");
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8), random);
            boolean ndjson = random.nextInt(10) == 0;
            HttpResponse<byte[]> res = api.send("POST", "/api/v1/tenants/fuzz/events", MASTER,
                    ndjson ? "application/x-ndjson" : JSON, body);
            if (res.statusCode() == 201) {
                created++;
                json(res).get("entries").forEach(e -> ids.add(e.get("id").asText()));
            } else {
                assertThat(res.statusCode()).as(new String(body, StandardCharsets.UTF_8)).isBetween(400, 499);
                assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
            }
        }
        assertThat(created).isBetween(100, 9_900);
        assertThat(total("fuzz") - grantsOnCreation("fuzz")).isEqualTo(ids.size());
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int at = random.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 8);
            switch (random.nextInt(7)) {
                case 0 -> { // delete a byte
                    out.write(b, 0, at);
                    out.write(b, at + 1, b.length - at - 1);
                }
                case 1 -> { // insert a random byte
                    out.write(b, 0, at);
                    out.write(random.nextInt(256));
                    out.write(b, at, b.length - at);
                }
                case 2 -> { // flip a bit
                    byte[] c = b.clone();
                    c[at] ^= (byte) (1 << random.nextInt(8));
                    out.writeBytes(c);
                }
                case 3 -> { // a string value becomes a number, an object, an array or null
                    String s = new String(b, StandardCharsets.UTF_8);
                    String[] replacement = {"12", "{}", "[]", "null", "true", "-1e999", "\"\""};
                    out.writeBytes(s.replaceFirst(":\"[^\"]*\"", ":" + replacement[random.nextInt(replacement.length)]).getBytes(StandardCharsets.UTF_8));
                }
                case 4 -> out.write(b, 0, at); // truncate
                case 5 -> { // duplicate a slice
                    out.write(b, 0, at);
                    int from = random.nextInt(b.length);
                    out.write(b, from, Math.min(20, b.length - from));
                    out.write(b, at, b.length - at);
                }
                default -> { // insert a tricky token
                    String[] tokens = {"\\u0000", "\uD83D\uDE00", "\\ud800", "\u0007", "<script>", "' OR 1=1 --", "\n", "}", "[", ","};
                    out.write(b, 0, at);
                    out.writeBytes(tokens[random.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8));
                    out.write(b, at, b.length - at);
                }
            }
            b = out.toByteArray();
            if (b.length == 0) b = new byte[] {'{'};
        }
        return b;
    }

    private static long total(String tenant) {
        return json(expect(api.get("/api/v1/tenants/" + tenant + "/events?count=true&limit=1", MASTER), 200)).get("total").asLong();
    }

    /** The entries a tenant starts with: the role changes giving it the super-admins of default. */
    private static long grantsOnCreation(String tenant) {
        return json(expect(api.get("/api/v1/tenants/" + tenant + "/events?count=true&limit=1&action=web_user.role_changed", MASTER), 200))
                .get("total").asLong();
    }

    private static final Map<Integer, String> PHRASES = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden",
            404, "Not Found", 405, "Method Not Allowed", 409, "Conflict", 413, "Payload Too Large", 415, "Unsupported Media Type",
            422, "Unprocessable Content");

    private static void assertProblem(HttpResponse<byte[]> res, int status) {
        assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(res);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).as("with type about:blank, the status's phrase (RFC 9457 §4.2.1)")
                .isEqualTo(PHRASES.get(status));
        assertThat(problem.has("detail")).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
