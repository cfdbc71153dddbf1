package dev.auditlog.server;

import static dev.auditlog.server.TestServer.MASTER;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CONTRACT §2: every route against every kind of caller, on an existing tenant and on one that does not exist. */
class AuthorisationMatrixTest {
    enum Who { NO_KEY, UNKNOWN_KEY, REVOKED_KEY, OTHER_TENANTS_ADMIN, INGEST, READ, ADMIN, MASTER }

    /** A route, the scope it needs (null: master only) and its success status. */
    record Call(String name, String method, String pathTemplate, String scope, int success) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call("create tenant", "POST", "/api/v1/tenants", null, 201),
            new Call("create key", "POST", "/api/v1/tenants/{t}/keys", "admin", 201),
            new Call("list keys", "GET", "/api/v1/tenants/{t}/keys", "admin", 200),
            new Call("revoke key", "DELETE", "/api/v1/tenants/{t}/keys/{key}", "admin", 204),
            new Call("ingest", "POST", "/api/v1/tenants/{t}/events", "ingest", 201),
            new Call("query", "GET", "/api/v1/tenants/{t}/events", "read", 200),
            new Call("entry", "GET", "/api/v1/tenants/{t}/events/{entry}", "read", 200),
            new Call("checkpoint", "GET", "/api/v1/tenants/{t}/checkpoint", "read", 200),
            new Call("consistency", "GET", "/api/v1/tenants/{t}/proofs/consistency?from=1", "read", 200),
            new Call("export csv", "GET", "/api/v1/tenants/{t}/export?format=csv", "read", 200),
            new Call("export json", "GET", "/api/v1/tenants/{t}/export?format=json", "read", 200));

    @TempDir
    static Path dataDir;
    static TestServer api;
    static final Map<Who, String> KEYS = new EnumMap<>(Who.class);
    static String entryId;
    static final AtomicInteger UNIQUE = new AtomicInteger();

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
        api.createTenant("acme");
        api.createTenant("rival");
        KEYS.put(Who.UNKNOWN_KEY, "al_0123456789abcdef_" + "A".repeat(43));
        String revoked = api.createKey("acme", "ingest", "read", "admin");
        expect(api.send("DELETE", "/api/v1/tenants/acme/keys/" + revoked.split("_")[1], MASTER, null, null), 204);
        KEYS.put(Who.REVOKED_KEY, revoked);
        KEYS.put(Who.OTHER_TENANTS_ADMIN, api.createKey("rival", "ingest", "read", "admin"));
        KEYS.put(Who.INGEST, api.createKey("acme", "ingest"));
        KEYS.put(Who.READ, api.createKey("acme", "read"));
        KEYS.put(Who.ADMIN, api.createKey("acme", "admin"));
        KEYS.put(Who.MASTER, MASTER);
        expect(api.postJson("/api/v1/tenants/rival/events", MASTER, "{\"action\":\"rival.secret\",\"description\":\"rival-only text\"}"), 201);
        entryId = json(expect(api.postJson("/api/v1/tenants/acme/events", MASTER, "{\"action\":\"seed\"}"), 201))
                .get("entries").get(0).get("id").asText();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Arguments> existingTenant() {
        List<Arguments> cases = new ArrayList<>();
        for (Call call : CALLS) {
            for (Who who : Who.values()) cases.add(Arguments.of(call, who, expected(call, who)));
        }
        return cases.stream();
    }

    static Stream<Arguments> missingTenant() {
        List<Arguments> cases = new ArrayList<>();
        for (Call call : CALLS.subList(1, CALLS.size())) {
            cases.add(Arguments.of(call, Who.MASTER, 404));
            cases.add(Arguments.of(call, Who.ADMIN, 403));
            cases.add(Arguments.of(call, Who.NO_KEY, 401));
        }
        return cases.stream();
    }

    private static int expected(Call call, Who who) {
        return switch (who) {
            case NO_KEY, UNKNOWN_KEY, REVOKED_KEY -> 401;
            case MASTER -> call.success();
            case OTHER_TENANTS_ADMIN -> 403;
            case INGEST, READ, ADMIN -> call.scope() != null && granted(who).contains(call.scope()) ? call.success() : 403;
        };
    }

    private static Set<String> granted(Who who) {
        return switch (who) {
            case INGEST -> Set.of("ingest");
            case READ -> Set.of("read");
            case ADMIN -> Set.of("admin", "read");
            default -> Set.of();
        };
    }

    @ParameterizedTest(name = "{0} by {1} on an existing tenant: {2}")
    @MethodSource("existingTenant")
    void callOnExistingTenantAnswersTheContractStatus(Call call, Who who, int status) {
        assertAnswer(call, who, "acme", status);
    }

    @ParameterizedTest(name = "{0} by {1} on a missing tenant: {2}")
    @MethodSource("missingTenant")
    void missingTenantIsRevealedOnlyToTheMasterKey(Call call, Who who, int status) {
        assertAnswer(call, who, "ghost", status);
    }

    static Stream<Call> calls() {
        return CALLS.stream();
    }

    /** Which of two keys a proxy or client library meant is a guess: neither is used, the master key included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void twoAuthorizationHeadersAre400AndDoNothing(Call call) {
        String path = call.pathTemplate().replace("{t}", "acme").replace("{entry}", entryId).replace("{key}", freshKeyId());
        String before = new String(expect(api.get("/api/v1/tenants/acme/keys", MASTER), 200).body(), StandardCharsets.UTF_8);
        long size = json(expect(api.get("/api/v1/tenants/acme/checkpoint", MASTER), 200)).get("size").asLong();
        HttpResponse<byte[]> res = api.send(HttpRequest.newBuilder(api.uri(path))
                .header("Authorization", "Bearer " + MASTER).header("Authorization", "Bearer " + KEYS.get(Who.READ))
                .header("Content-Type", "application/json")
                .method(call.method(), HttpRequest.BodyPublishers.ofString("{\"id\":\"twice\",\"action\":\"twice\"}")).build());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(json(res).get("detail").asText()).isEqualTo("send one Authorization header; this request has 2");
        assertThat(json(expect(api.get("/api/v1/tenants/acme/checkpoint", MASTER), 200)).get("size").asLong()).isEqualTo(size);
        assertThat(new String(expect(api.get("/api/v1/tenants/acme/keys", MASTER), 200).body(), StandardCharsets.UTF_8)).isEqualTo(before);
        assertThat(api.get("/api/v1/tenants/twice/checkpoint", MASTER).statusCode()).isEqualTo(404);
    }

    private static void assertAnswer(Call call, Who who, String tenant, int status) {
        String path = call.pathTemplate().replace("{t}", tenant).replace("{entry}", entryId)
                .replace("{key}", call.name().equals("revoke key") && status == 204 ? freshKeyId() : "0123456789abcdef");
        byte[] body = switch (call.name()) {
            case "create tenant" -> ("{\"id\":\"t" + UNIQUE.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
            case "create key" -> "{\"name\":\"x\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8);
            case "ingest" -> "{\"action\":\"matrix.probe\"}".getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
        HttpResponse<byte[]> res = api.send(call.method(), path, KEYS.get(who), body == null ? null : "application/json", body);
        String text = new String(res.body(), StandardCharsets.UTF_8);
        assertThat(res.statusCode()).as(text).isEqualTo(status);
        if (status >= 400) {
            assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(res).get("status").asInt()).isEqualTo(status);
        }
        if (status == 401) assertThat(res.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(text).doesNotContain("rival-only text").doesNotContain("rival.secret");
    }

    private static String freshKeyId() {
        return api.createKey("acme", "read").split("_")[1];
    }
}
