package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.export.ExportVerifier;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings, tracking rules, the IP allowlist and GDPR erasure through the HTTP API (CONTRACT §5). */
class GovernanceApiTest {
    /** Settings with a webhook archive, its secret to fill in. */
    private static final String WEBHOOK = "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://archive.example.com/in\",\"secret\":\"%s\"}}";

    private static final String DEFAULTS = "{\"retention_days\":365,\"tracking\":{\"default\":\"all\",\"rules\":[]},"
            + "\"ip_allowlist\":[],\"archive\":{\"type\":\"none\"}}";

    @TempDir
    static Path dataDir;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String tenant(String id) {
        api.createTenant(id);
        return "/api/v1/tenants/" + id;
    }

    private static HttpResponse<byte[]> put(String path, String key, String json) {
        return api.send("PUT", path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void settingsStartAtTheDefaultsAndEveryChangeIsRecordedWithBeforeAndAfter() {
        String t = tenant("settings-change");
        String admin = api.createKey("settings-change", "admin");
        JsonNode defaults = json(expect(api.get(t + "/settings", admin), 200));
        assertThat(defaults.toString()).isEqualTo(DEFAULTS);
        JsonNode saved = json(expect(put(t + "/settings", admin, """
                {"retention_days":90,"archive":{"type":"webhook","url":"https://archive.example.com/in","secret":"0123456789abcdef"}}"""), 200));
        assertThat(saved.get("retention_days").asInt()).isEqualTo(90);
        assertThat(saved.get("archive").get("secret").asText()).isEqualTo("********");
        assertThat(json(expect(api.get(t + "/settings", admin), 200))).isEqualTo(saved);

        JsonNode entry = json(expect(api.get(t + "/events?channel=settings&action=settings.updated", admin), 200))
                .get("entries").get(0);
        assertThat(entry.get("changes").get("retention_days").get("old").asInt()).isEqualTo(365);
        assertThat(entry.get("changes").get("retention_days").get("new").asInt()).isEqualTo(90);
        assertThat(entry.get("changes").has("tracking")).isFalse();
        assertThat(entry.get("actor").get("type").asText()).isEqualTo("integration");
        assertThat(entry.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void whatACallerChangesIsRecordedWithTheAddressAndUserAgentItCameFromAndWhatTheServerDoesWithNeither() {
        String t = tenant("origin");
        HttpResponse<byte[]> changed = api.send(HttpRequest.newBuilder(api.uri(t + "/settings"))
                .header("Authorization", "Bearer " + TestServer.MASTER).header("Content-Type", "application/json")
                .header("User-Agent", "ops-console/2.1").PUT(HttpRequest.BodyPublishers.ofString("{\"retention_days\":90}")).build());
        expect(changed, 200);
        expect(api.postJson(t + "/retention/run", TestServer.MASTER, ""), 200);
        // the store appends an erasure's record itself, right after the erasure commits
        expect(api.send(HttpRequest.newBuilder(api.uri(t + "/subjects/u_1/erase")).header("Authorization", "Bearer " + TestServer.MASTER)
                .header("User-Agent", "ops-console/2.1").POST(HttpRequest.BodyPublishers.noBody()).build()), 200);

        for (String action : new String[] {"settings.updated", "subject.erased"}) {
            JsonNode change = json(expect(api.get(t + "/events?action=" + action, TestServer.MASTER), 200)).get("entries").get(0);
            assertThat(change.get("ip").asText()).as(action).isIn("127.0.0.1", "::1");
            assertThat(change.get("user_agent").asText()).as(action).isEqualTo("ops-console/2.1");
        }
        JsonNode prune = json(expect(api.get(t + "/events?action=retention.pruned", TestServer.MASTER), 200)).get("entries").get(0);
        assertThat(prune.path("ip").isMissingNode() || prune.get("ip").isNull()).as("the system's own entry").isTrue();
    }

    @Test
    void aPutLeavingAMemberOutKeepsItsCurrentValue() {
        String t = tenant("settings-partial");
        expect(put(t + "/settings", TestServer.MASTER, """
                {"retention_days":400,"tracking":{"default":"all","rules":[{"target_type":"invoice","events":["created"]}]},
                 "ip_allowlist":["0.0.0.0/0","::/0"],"archive":{"type":"webhook","url":"https://archive.example.com/in","secret":"0123456789abcdef"}}"""), 200);
        JsonNode saved = json(expect(put(t + "/settings", TestServer.MASTER, "{\"retention_days\":90}"), 200));
        assertThat(saved.get("retention_days").asInt()).isEqualTo(90);
        assertThat(saved.get("tracking").get("rules")).hasSize(1);
        assertThat(saved.get("ip_allowlist")).hasSize(2);
        assertThat(saved.get("archive").get("url").asText()).isEqualTo("https://archive.example.com/in");
        JsonNode entry = json(expect(api.get(t + "/events?channel=settings&action=settings.updated&limit=1", TestServer.MASTER), 200))
                .get("entries").get(0);
        assertThat(entry.get("changes").properties()).extracting(java.util.Map.Entry::getKey).containsExactly("retention_days");
    }

    /** Read in order, the settings entries are the settings' history: each one's old value is the one before's new. */
    @Test
    void concurrentChangesAreRecordedAsAChain() throws Exception {
        String t = tenant("settings-race");
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                int days = 100 + i;
                threads.submit(() -> expect(put(t + "/settings", TestServer.MASTER, "{\"retention_days\":" + days + "}"), 200));
            }
        }
        JsonNode entries = json(expect(api.get(t + "/events?channel=settings&action=settings.updated&limit=100", TestServer.MASTER), 200))
                .get("entries");
        assertThat(entries).hasSize(10);
        int previous = 365;
        for (int i = entries.size() - 1; i >= 0; i--) { // newest first
            JsonNode change = entries.get(i).get("changes").get("retention_days");
            assertThat(change.get("old").asInt()).as("entry %d's old value", entries.size() - i).isEqualTo(previous);
            previous = change.get("new").asInt();
        }
        assertThat(json(api.get(t + "/settings", TestServer.MASTER)).get("retention_days").asInt()).isEqualTo(previous);
    }

    @Test
    void replacingOnlyTheWebhookSecretIsRecordedWithTheSecretMaskedOnBothSides() {
        String t = tenant("secret-change");
        expect(put(t + "/settings", TestServer.MASTER, WEBHOOK.formatted("first-secret-0123456789")), 200);
        expect(put(t + "/settings", TestServer.MASTER, WEBHOOK.formatted("second-secret-0123456789")), 200);

        JsonNode entries = json(expect(api.get(t + "/events?channel=settings&action=settings.updated", TestServer.MASTER), 200))
                .get("entries");
        assertThat(entries).hasSize(2);
        JsonNode archive = entries.get(0).get("changes").get("archive");
        assertThat(entries.get(0).get("changes").size()).as("only the archive changed").isEqualTo(1);
        assertThat(archive.get("old").get("secret").asText()).isEqualTo("********");
        assertThat(archive.get("new").get("secret").asText()).isEqualTo("******** (changed)");
        assertThat(archive.get("new").get("url").asText()).isEqualTo(archive.get("old").get("url").asText());
        assertThat(entries.toString()).doesNotContain("first-secret", "second-secret");
    }

    @Test
    void puttingBackTheMaskedSecretChangesNothingAndRecordsNothing() {
        String t = tenant("secret-kept");
        expect(put(t + "/settings", TestServer.MASTER, WEBHOOK.formatted("kept-secret-0123456789")), 200);
        expect(put(t + "/settings", TestServer.MASTER, WEBHOOK.formatted("********")), 200);

        assertThat(json(expect(api.get(t + "/events?channel=settings&action=settings.updated", TestServer.MASTER), 200))
                .get("entries")).hasSize(1);
    }

    @Test
    void retentionBelowThirtyDaysIs422NamingTheFloor() {
        String t = tenant("settings-floor");
        JsonNode problem = json(expect(put(t + "/settings", TestServer.MASTER, "{\"retention_days\":29}"), 422));
        assertThat(problem.get("detail").asText()).contains("30-day floor");
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/retention_days");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"36501", "2147483647", "2147483648", "1e12"})
    void retentionAboveOneHundredYearsIs422NamingTheMaximum(String days) {
        String t = tenant("settings-ceiling-" + days.toLowerCase(Locale.ROOT));
        HttpResponse<byte[]> res = put(t + "/settings", TestServer.MASTER, "{\"retention_days\":" + days + "}");
        JsonNode problem = settingsProblem(res, "/retention_days");
        assertThat(problem.get("detail").asText()).isEqualTo("retention_days may be at most 36500 (100 years)");
    }

    @Test
    void retentionOfExactlyOneHundredYearsIsAccepted() {
        String t = tenant("settings-century");
        JsonNode saved = json(expect(put(t + "/settings", TestServer.MASTER, "{\"retention_days\":36500}"), 200));
        assertThat(saved.get("retention_days").asInt()).isEqualTo(36500);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"file\",\"path\":\"/var/archive\",\"url\":\"http://x\"}|/archive/url|unknown member url in /archive; the members are path, type",
            "{\"type\":\"none\",\"path\":\"/x\"}|/archive/path|unknown member path in /archive; the members are type",
            "{\"type\":\"webhook\",\"url\":\"https://a.example\",\"secret\":\"0123456789abcdef\",\"retries\":3}|/archive/retries|unknown member retries in /archive; the members are secret, type, url"})
    void aMemberTheArchiveTypeDoesNotHaveIs422NamingIt(String archive, String pointer, String detail) {
        String t = tenant("settings-archive-" + pointer.substring(pointer.lastIndexOf('/') + 1));
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER, "{\"archive\":" + archive + "}"), pointer);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).get("archive").get("type").asText()).isEqualTo("none");
    }

    /** The server writes the archive with its own rights: into its data directory it could overwrite the store or the keys. */
    @Test
    void aFileArchiveInTheDataDirectoryIs422AndChangesNothing() {
        String t = tenant("settings-archive-datadir");
        String keys = dataDir.resolve("keys").toString().replace("\\", "\\\\");
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER,
                "{\"archive\":{\"type\":\"file\",\"path\":\"" + keys + "\"}}"), "/archive/path");
        assertThat(problem.get("detail").asText()).isEqualTo("a file archive may not write into the server's data directory");
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).get("archive").get("type").asText()).isEqualTo("none");
    }

    /** Every member is bounded: a refusal names the member and its limit, as the other settings errors do. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"archive\":{\"type\":\"file\",\"path\":\"/%s\"}}|/archive/path|4096|a file archive's path may be at most 4096 bytes (PATH_MAX)",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example/%s\",\"secret\":\"0123456789abcdef\"}}|/archive/url|2048"
                    + "|a webhook archive's url may be at most 2048 characters",
            "{\"archive\":{\"type\":\"webhook\",\"url\":\"https://a.example/\",\"secret\":\"%s\"}}|/archive/secret|257"
                    + "|a webhook archive needs a secret of 16 to 256 characters",
            "{\"tracking\":{\"rules\":[{\"target_type\":\"%s\",\"events\":[\"created\"]}]}}|/tracking/rules/0/target_type|501"
                    + "|target_type may be at most 500 characters, as an event's target.type"})
    void aMemberPastItsLimitIs422NamingTheLimitAndChangesNothing(String document, String pointer, int length, String detail) {
        String t = tenant("settings-limit-" + pointer.substring(pointer.lastIndexOf('/') + 1).replace('_', '-'));
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER, document.formatted("x".repeat(length))), pointer);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).toString()).isEqualTo(DEFAULTS);
    }

    /**
     * Credentials in a webhook URL were kept as given: shown unmasked in the answers and in the settings entry, which
     * every read key sees, and never sent with a delivery. The secret is how a receiver knows the sender.
     */
    @Test
    void aWebhookUrlWithCredentialsIs422SayingTheSecretAuthenticatesAndNothingIsRecorded() {
        String t = tenant("settings-url-credentials");
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER, """
                {"archive":{"type":"webhook","url":"https://archiver:S3cretPassw0rd@hooks.example.com/audit","secret":"0123456789abcdef"}}"""),
                "/archive/url");
        assertThat(problem.get("detail").asText()).isEqualTo("a webhook archive's url may not hold credentials (user:password@):"
                + " it is shown in the settings and in the entry recording the change, and they are never sent. The receiver"
                + " authenticates each delivery by its webhook-signature header, an HMAC-SHA256 made with the secret (Standard Webhooks)");
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).toString()).isEqualTo(DEFAULTS);
        assertThat(new String(expect(api.get(t + "/events?channel=settings", TestServer.MASTER), 200).body(), StandardCharsets.UTF_8))
                .doesNotContain("S3cretPassw0rd");
    }

    @Test
    void moreThanAHundredTrackingRulesAre422() {
        String t = tenant("settings-many-rules");
        String rules = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "{\"target_type\":\"type-" + i + "\",\"events\":[]}")
                .collect(java.util.stream.Collectors.joining(","));
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER, "{\"tracking\":{\"rules\":[" + rules + "]}}"),
                "/tracking/rules");
        assertThat(problem.get("detail").asText()).isEqualTo("tracking.rules may hold at most 100 rules");
    }

    /**
     * The limits are there for this: the entry recording a change holds the old and the new value of every member changed,
     * and with every member at its limit, changed at once, it stays well within what ingest allows an event, so that it
     * could be sent again as one (from an archive, say).
     */
    @Test
    void aChangeOfEveryMemberAtItsLimitIsRecordedInAnEntryWellWithinTheEventLimit() {
        String t = tenant("settings-at-limits");
        String before = atLimits(30, 'f', "t", "{\"type\":\"file\",\"path\":\"/" + "\\\\".repeat(4095) + "\"}");
        String after = atLimits(36500, 'e', "u", "{\"type\":\"webhook\",\"url\":\"https://a.example/"
                + "\uD83D\uDD11".repeat(2030) + "\",\"secret\":\"" + "s".repeat(256) + "\"}");
        expect(put(t + "/settings", TestServer.MASTER, before), 200);
        expect(api.send(HttpRequest.newBuilder(api.uri(t + "/settings")).header("Authorization", "Bearer " + TestServer.MASTER)
                .header("User-Agent", "u".repeat(1000)).PUT(HttpRequest.BodyPublishers.ofString(after)).build()), 200);

        JsonNode entry = json(expect(api.get(t + "/events?action=settings.updated&limit=1", TestServer.MASTER), 200))
                .get("entries").get(0);
        assertThat(entry.get("changes").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("retention_days", "tracking", "ip_allowlist", "archive");
        assertThat(entry.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(EventParser.MAX_EVENT_BYTES * 3 / 4);
    }

    /**
     * Settings with every member at its limit: 100 of the longest CIDRs, ending in {@code cidr}; 16 tracking rules of
     * 470-character types ending in {@code type}, 8,161 bytes of JSON; and {@code archive}.
     */
    private static String atLimits(int retentionDays, char cidr, String type, String archive) {
        String cidrs = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> "\"ffff:ffff:ffff:ffff:ffff:ffff:ffff:%c%03x/128\"".formatted(cidr, i))
                .collect(java.util.stream.Collectors.joining(","));
        String rules = java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> "{\"target_type\":\"" + (char) ('a' + i) + type.repeat(469) + "\",\"events\":[\"created\"]}")
                .collect(java.util.stream.Collectors.joining(","));
        return "{\"retention_days\":" + retentionDays + ",\"tracking\":{\"default\":\"all\",\"rules\":[" + rules
                + "]},\"ip_allowlist\":[" + cidrs + "],\"archive\":" + archive + "}";
    }

    /** The archive writes its files into the path: an existing file there could never take a delivery. */
    @Test
    void aFileArchiveAtAFileIs422AndChangesNothing(@TempDir Path elsewhere) throws Exception {
        String t = tenant("settings-archive-file");
        Path file = java.nio.file.Files.writeString(elsewhere.resolve("afile"), "");
        JsonNode problem = settingsProblem(put(t + "/settings", TestServer.MASTER,
                "{\"archive\":{\"type\":\"file\",\"path\":\"" + file + "\"}}"), "/archive/path");
        assertThat(problem.get("detail").asText()).isEqualTo(file.toRealPath() + " is not a directory: a file archive writes its files into one");
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).toString()).isEqualTo(DEFAULTS);
    }

    private static JsonNode settingsProblem(HttpResponse<byte[]> res, String pointer) {
        assertThat(res.statusCode()).isEqualTo(422);
        assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(res);
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo(pointer);
        return problem;
    }

    @Test
    void invalidSettingsAre422AndChangeNothing() {
        String t = tenant("settings-invalid");
        expect(put(t + "/settings", TestServer.MASTER, "{\"ip_allowlist\":[\"10.0.0.0/33\"]}"), 422);
        expect(put(t + "/settings", TestServer.MASTER, "{\"tracking\":{\"default\":\"some\"}}"), 422);
        expect(put(t + "/settings", TestServer.MASTER, "{\"archive\":{\"type\":\"webhook\",\"url\":\"ftp://x\",\"secret\":\"0123456789abcdef\"}}"), 422);
        expect(put(t + "/settings", TestServer.MASTER, "{\"colour\":\"blue\"}"), 422);
        assertThat(json(expect(api.get(t + "/settings", TestServer.MASTER), 200)).get("retention_days").asInt()).isEqualTo(365);
    }

    @Test
    void onlyAdminKeysReadOrChangeSettings() {
        String t = tenant("settings-scope");
        String read = api.createKey("settings-scope", "read");
        expect(api.get(t + "/settings", read), 403);
        expect(put(t + "/settings", read, "{}"), 403);
    }

    @Test
    void trackingRulesDropUnlistedEventsAndAnswerThemInPlace() {
        String t = tenant("tracking");
        expect(put(t + "/settings", TestServer.MASTER,
                "{\"tracking\":{\"default\":\"all\",\"rules\":[{\"target_type\":\"invoice\",\"events\":[\"created\"]}]}}"), 200);
        String ingest = api.createKey("tracking", "ingest");
        JsonNode answer = json(expect(api.postJson(t + "/events", ingest, """
                [{"action":"invoice.created","event":"created","target":{"type":"invoice","id":"1"}},
                 {"action":"invoice.viewed","event":"read","target":{"type":"invoice","id":"1"}},
                 {"action":"user.login"}]"""), 201)).get("entries");
        assertThat(answer.get(0).get("recorded").asBoolean()).isTrue();
        assertThat(answer.get(1).toString()).isEqualTo("{\"recorded\":false}");
        assertThat(answer.get(2).get("seq").asLong()).isEqualTo(answer.get(0).get("seq").asLong() + 1);

        expect(put(t + "/settings", TestServer.MASTER,
                "{\"tracking\":{\"default\":\"none\",\"rules\":[{\"target_type\":\"invoice\",\"events\":[\"read\"]}]}}"), 200);
        JsonNode second = json(expect(api.postJson(t + "/events", ingest, """
                [{"action":"user.login"},{"action":"invoice.viewed","event":"read","target":{"type":"invoice","id":"1"}}]"""), 201))
                .get("entries");
        assertThat(second.get(0).get("recorded").asBoolean()).isFalse();
        assertThat(second.get(1).get("recorded").asBoolean()).isTrue();
    }

    @Test
    void anIpAllowlistLocksOutOtherAddressesExceptForIngestAndTheMasterKey() {
        String t = tenant("allowlist");
        String read = api.createKey("allowlist", "read");
        String ingest = api.createKey("allowlist", "ingest");
        expect(api.get(t + "/events", read), 200);
        expect(put(t + "/settings", TestServer.MASTER, "{\"ip_allowlist\":[\"192.0.2.0/24\"]}"), 200);
        JsonNode problem = json(expect(api.get(t + "/events", read), 403));
        assertThat(problem.get("detail").asText()).contains("allowlist");
        expect(api.postJson(t + "/events", ingest, "{\"action\":\"still.ingested\"}"), 201);
        expect(api.get(t + "/events", TestServer.MASTER), 200);
        expect(put(t + "/settings", TestServer.MASTER, "{\"ip_allowlist\":[\"127.0.0.0/8\", \"::1\"]}"), 200);
        expect(api.get(t + "/events", read), 200);
    }

    @Test
    void everyIdAnEventMayCarryCanBeErased() {
        String t = tenant("gdpr-long-id");
        String longestId = "u".repeat(500);
        expect(api.postJson(t + "/events", TestServer.MASTER, "{\"action\":\"user.login\",\"ip\":\"203.0.113.9\",\"actor\":{\"type\":\"user\",\"id\":\""
                + longestId + "\",\"name\":\"Long Id\"}}"), 201);
        JsonNode erased = json(expect(api.postJson(t + "/subjects/" + longestId + "/erase", TestServer.MASTER, ""), 200));
        assertThat(erased.get("entries").asLong()).isEqualTo(1);
        expect(api.postJson(t + "/subjects/" + longestId + "u/erase", TestServer.MASTER, ""), 400);
    }

    /** Ids are the client's own: "org/u1" or "auth0|x/y" arrive percent-encoded in the path, and "/erase" may end one. */
    @Test
    void anIdHoldingASlashOrReservedCharactersCanBeErased() {
        String t = tenant("gdpr-slash-id");
        for (String id : List.of("org/u1", "auth0|x/y", "a b+c%d", "x/erase")) {
            expect(api.postJson(t + "/events", TestServer.MASTER, "{\"action\":\"user.login\",\"actor\":{\"type\":\"user\",\"id\":\""
                    + id + "\",\"name\":\"Slashed Name\"}}"), 201);
            String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            JsonNode erased = json(expect(api.postJson(t + "/subjects/" + encoded + "/erase", TestServer.MASTER, ""), 200));
            assertThat(erased.get("entries").asLong()).as(id).isEqualTo(1);
        }
        assertThat(json(api.get(t + "/events?q=slashed", TestServer.MASTER)).get("entries")).isEmpty();
    }

    /** An erasure cannot be undone: one asked with an option it does not have (a dry run, say) is refused, not done. */
    @Test
    void anErasureAskedWithAParameterOrABodyIsRefusedAndErasesNothing() {
        String t = tenant("gdpr-dry-run");
        expect(api.postJson(t + "/events", TestServer.MASTER, """
                {"action":"user.updated","actor":{"type":"user","id":"u_bob","name":"Bob Example"},"description":"Bob Example changed his e-mail"}"""), 201);

        JsonNode parameter = json(expect(api.postJson(t + "/subjects/u_bob/erase?dry_run=true", TestServer.MASTER, ""), 400));
        assertThat(parameter.get("errors").get(0).get("pointer").asText()).isEqualTo("/query/dry_run");
        JsonNode body = json(expect(api.postJson(t + "/subjects/u_bob/erase", TestServer.MASTER, "{\"dry_run\":true}"), 400));
        assertThat(body.get("detail").asText()).isEqualTo("this operation takes no request body; nothing was done");
        assertThat(json(api.get(t + "/events?actor=u_bob", TestServer.MASTER)).get("entries").get(0).get("actor").get("name").asText())
                .isEqualTo("Bob Example");
        assertThat(json(api.get(t + "/events?channel=gdpr", TestServer.MASTER)).get("entries")).isEmpty();

        assertThat(json(expect(api.postJson(t + "/subjects/u_bob/erase", TestServer.MASTER, ""), 200)).get("entries").asLong()).isEqualTo(1);
    }

    @Test
    void anErasedSubjectIsGoneFromAnswersAndExportsWhileTheExportStillVerifies() throws Exception {
        String t = tenant("gdpr");
        String ingest = api.createKey("gdpr", "ingest");
        String admin = api.createKey("gdpr", "admin");
        expect(api.postJson(t + "/events", ingest, """
                [{"action":"user.login","description":"Zelda Quist signed in","ip":"203.0.113.77",
                  "actor":{"type":"user","id":"u_7","name":"Zelda Quist","email":"zelda@example.com"}},
                 {"action":"ticket.assigned","actor":{"type":"user","id":"u_2","name":"Bob"},
                  "concerns":[{"type":"user","id":"u_7","name":"Zelda Quist"}],"changes":{"assignee":{"old":null,"new":"zelda@example.com"}}},
                 {"action":"ticket.closed","actor":{"type":"user","id":"u_2","name":"Bob"}}]"""), 201);

        JsonNode erased = json(expect(api.postJson(t + "/subjects/u_7/erase", admin, ""), 200));
        String pseudonym = erased.get("pseudonym").asText();
        assertThat(pseudonym).matches("subject-[0-9a-f]{12}");
        assertThat(erased.get("entries").asLong()).isEqualTo(2);

        String listing = new String(expect(api.get(t + "/events?limit=1000", admin), 200).body(), StandardCharsets.UTF_8);
        assertThat(listing.toLowerCase(Locale.ROOT)).doesNotContain("zelda").doesNotContain("quist").doesNotContain("203.0.113.77");
        assertThat(listing).contains(pseudonym);
        assertThat(json(api.get(t + "/events?q=zelda", admin)).get("entries")).isEmpty();

        HttpResponse<byte[]> export = expect(api.get(t + "/export?format=json", admin), 200);
        assertThat(new String(export.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)).doesNotContain("zelda");
        String publicKey = json(api.get(t + "/checkpoint", admin)).get("public_key").asText();
        ExportVerifier.Result result = new ExportVerifier(publicKey).verify(new ByteArrayInputStream(export.body()));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("; 2 of them erased (personal fields replaced by pseudonyms, as the signed statement vouches)");

        JsonNode record = json(expect(api.get(t + "/events?channel=gdpr", admin), 200)).get("entries").get(0);
        assertThat(record.get("action").asText()).isEqualTo("subject.erased");
        assertThat(record.get("target").get("id").asText()).isEqualTo(pseudonym);
        assertThat(record.get("metadata").get("entries").asLong()).isEqualTo(2);

        JsonNode again = json(expect(api.postJson(t + "/subjects/u_7/erase", admin, ""), 200));
        assertThat(again.get("pseudonym").asText()).isEqualTo(pseudonym);
        assertThat(again.get("entries").asLong()).isZero();
        expect(api.postJson(t + "/subjects/u_7/erase", ingest, ""), 403);
    }
}
