package dev.auditlog.server;

import static dev.auditlog.server.TestServer.MASTER;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.auditlog.core.export.CsvExport;
import dev.auditlog.core.export.ExportVerifier;
import dev.auditlog.core.merkle.Proofs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API as a client uses it, from tenant creation through ingest, queries and proofs to exports. */
class EndToEndTest {
    private static final String EVENTS = "/api/v1/tenants/acme/events";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dataDir;
    static TestServer api;
    static String ingest;
    static String read;

    @BeforeAll
    static void start() {
        api = TestServer.start(dataDir);
        api.createTenant("acme");
        ingest = api.createKey("acme", "ingest");
        read = api.createKey("acme", "read");
        String single = """
                {"action":"invoice.created","channel":"billing","description":"Invoice #1 created",
                 "actor":{"type":"user","id":"u_1","name":"Grace Hopper","email":"grace@example.com"},
                 "target":{"type":"invoice","id":"1"},"concerns":[{"type":"user","id":"u_9","name":"Ada"}],
                 "changes":{"total":{"old":null,"new":"=SUM(A1)"}},"metadata":{"request_id":"r-1"},"idempotency_key":"k-1"}""";
        expect(api.postJson(EVENTS, ingest, single), 201);
        String array = """
                [{"action":"invoice.updated","channel":"billing","description":"-5 credit applied"},
                 {"action":"user.login","channel":"auth","description":"Signed in","ip":"203.0.113.7"},
                 {"action":"invoice.deleted","channel":"billing","description":"@mention, \\"quoted\\"\\nnew line"}]""";
        expect(api.postJson(EVENTS, ingest, array), 201);
        String ndjson = "{\"action\":\"salary.viewed\",\"channel\":\"pii-read\",\"description\":\"Salary viewed\"}\n\n"
                + "{\"action\":\"report.read\",\"channel\":\"billing\",\"description\":\"Report read\"}\n";
        expect(api.send("POST", EVENTS, ingest, "application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8)), 201);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void ingestAnswersEachEntryAndRepeatsTheFirstForARepeatedIdempotencyKey() {
        JsonNode first = query("action=invoice.created").get("entries").get(0);
        JsonNode again = json(expect(api.postJson(EVENTS, ingest, "{\"action\":\"invoice.created\",\"idempotency_key\":\"k-1\"}"), 201));
        JsonNode answered = again.get("entries").get(0);
        assertThat(answered.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(answered.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(answered.get("leaf_hash").asText()).isEqualTo(first.get("leaf_hash").asText());
        assertThat(answered.get("recorded").asBoolean()).isTrue();
        assertThat(query("action=invoice.created&count=true").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aJsonBodySentWithCurlsDefaultFormTypeIsIngestedAsJson() {
        HttpResponse<byte[]> res = api.send("POST", EVENTS, ingest, "application/x-www-form-urlencoded",
                "{\"action\":\"curl.default\"}".getBytes(StandardCharsets.UTF_8));
        expect(res, 201);
        assertThat(query("action=curl.default&count=true").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void queryFiltersCombineAndCursorsVisitEveryEntryOnce() {
        JsonNode billing = query("channel=billing&count=true");
        assertThat(billing.get("total").asLong()).isEqualTo(4);
        assertThat(billing.get("entries")).allSatisfy(e -> assertThat(e.get("channel").asText()).isEqualTo("billing"));
        assertThat(query("channel=billing&event=deleted").get("entries")).hasSize(1);
        assertThat(query("q=SIGNED&ip=203.0.113.7").get("entries").get(0).get("action").asText()).isEqualTo("user.login");
        assertThat(query("concerns=u_9").get("entries")).hasSize(1);

        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = query("channel=billing&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("entries").forEach(e -> seqs.add(e.get("seq").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        List<Long> all = new ArrayList<>();
        query("channel=billing&limit=1000").get("entries").forEach(e -> all.add(e.get("seq").asLong()));
        assertThat(seqs).hasSize(4).isEqualTo(all).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(query("channel=billing").has("total")).isFalse();
    }

    @Test
    void entryByIdCarriesAnInclusionProofThatVerifiesAgainstTheCheckpoint() {
        JsonNode listed = query("action=user.login").get("entries").get(0);
        JsonNode entry = json(expect(api.get(EVENTS + "/" + listed.get("id").asText(), read), 200));
        JsonNode checkpoint = entry.get("proof").get("checkpoint");
        List<byte[]> proof = new ArrayList<>();
        entry.get("proof").get("inclusion").forEach(h -> proof.add(HEX.parseHex(h.asText())));
        assertThat(Proofs.verifyInclusion(entry.get("seq").asLong(), checkpoint.get("size").asLong(),
                HEX.parseHex(entry.get("leaf_hash").asText()), proof, HEX.parseHex(checkpoint.get("root_hash").asText()))).isTrue();
        assertThat(checkpoint.get("signed_note").asText()).startsWith(checkpoint.get("origin").asText() + "\n");
        expect(api.get(EVENTS + "/no-such-entry", read), 404);
    }

    @Test
    void consistencyProofLinksAnEarlierCheckpointToTheCurrentOne() {
        JsonNode before = json(expect(api.get("/api/v1/tenants/acme/checkpoint", read), 200));
        expect(api.postJson(EVENTS, ingest, "{\"action\":\"late.event\"}"), 201);
        JsonNode after = json(expect(api.get("/api/v1/tenants/acme/checkpoint", read), 200));
        long from = before.get("size").asLong();
        long to = after.get("size").asLong();
        JsonNode proof = json(expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=" + from + "&to=" + to, read), 200));
        List<byte[]> hashes = new ArrayList<>();
        proof.get("hashes").forEach(h -> hashes.add(HEX.parseHex(h.asText())));
        assertThat(Proofs.verifyConsistency(from, to, HEX.parseHex(before.get("root_hash").asText()),
                HEX.parseHex(after.get("root_hash").asText()), hashes)).isTrue();
        JsonNode implicitTo = json(expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=" + from, read), 200));
        assertThat(implicitTo.get("hashes").size()).isEqualTo(hashes.size());
        expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=" + (to + 1), read), 400);
        expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=1&to=" + (to + 5), read), 400);
        expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=x", read), 400);
        expect(api.get("/api/v1/tenants/acme/proofs/consistency?from=3&to=2", read), 400);
    }

    @Test
    void csvExportHoldsExactlyTheQueriedEntriesWithFormulasNeutralised() throws Exception {
        JsonNode queried = query("channel=billing&limit=1000").get("entries");
        HttpResponse<byte[]> res = expect(api.get("/api/v1/tenants/acme/export?format=csv&channel=billing", read), 200);
        assertThat(res.headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"audit-log-\\d{8}-\\d{6}\\.csv\"");
        assertThat(res.body()).startsWith(0xEF, 0xBB, 0xBF);
        List<CsvRecord> rows;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().detectBomHeader(true).ofCsvRecord(new ByteArrayInputStream(res.body()))) {
            rows = reader.stream().toList();
        }
        assertThat(rows.get(0).getFields()).isEqualTo(CsvExport.COLUMNS);
        assertThat(rows).hasSize(queried.size() + 1);
        for (int i = 0; i < queried.size(); i++) {
            JsonNode e = queried.get(i);
            List<String> row = rows.get(i + 1).getFields();
            assertThat(row.get(0)).isEqualTo(e.get("id").asText());
            assertThat(row.get(1)).isEqualTo(e.get("seq").asText());
            assertThat(row.get(7)).isEqualTo(CsvExport.neutralise(e.path("description").asText("")));
            assertThat(row.get(11)).isEqualTo(e.path("actor").path("email").asText(""));
            assertThat(row.get(20)).isEqualTo(e.get("leaf_hash").asText());
        }
        JsonNode invoice = query("action=invoice.created").get("entries").get(0);
        List<String> invoiceRow = rows.stream().map(CsvRecord::getFields).filter(r -> r.get(6).equals("invoice.created")).findFirst().orElseThrow();
        assertThat(invoiceRow.get(15)).isEqualTo(invoice.get("concerns").toString());
        assertThat(invoiceRow.get(18)).isEqualTo("{\"total\":{\"old\":null,\"new\":\"=SUM(A1)\"}}");
        assertThat(rows).anySatisfy(r -> assertThat(r.getField(7)).isEqualTo("'-5 credit applied"));
        assertThat(rows).anySatisfy(r -> assertThat(r.getField(7)).isEqualTo("'@mention, \"quoted\"\nnew line"));
    }

    @Test
    void jsonExportVerifiesOfflineAndEveryExportIsItselfRecorded() throws Exception {
        long exportsBefore = query("action=export.downloaded&count=true").get("total").asLong();
        HttpResponse<byte[]> res = expect(api.get("/api/v1/tenants/acme/export?format=json&channel=billing", read), 200);
        assertThat(res.headers().firstValue("Content-Disposition").orElseThrow()).endsWith(".json\"");
        String publicKey = json(api.get("/api/v1/tenants/acme/checkpoint", read)).get("public_key").asText();
        ExportVerifier.Result result = new ExportVerifier(publicKey).verify(new ByteArrayInputStream(res.body()));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(query("channel=billing&count=true").get("total").asLong());

        JsonNode recorded = query("action=export.downloaded&count=true");
        assertThat(recorded.get("total").asLong()).isEqualTo(exportsBefore + 1);
        JsonNode entry = recorded.get("entries").get(0);
        assertThat(entry.get("channel").asText()).isEqualTo("audit");
        assertThat(entry.get("description").asText()).isEqualTo("Audit log export downloaded");
        assertThat(entry.get("actor").get("type").asText()).isEqualTo("integration");
        assertThat(entry.get("actor").get("name").asText()).isEqualTo("k-read");
        assertThat(entry.get("metadata").get("format").asText()).isEqualTo("json");
        assertThat(entry.get("metadata").get("filters").get("channel").asText()).isEqualTo("billing");
        assertThat(entry.get("idempotency_key").asText()).startsWith("auditlog-");
    }

    /**
     * An amount of 12,345,678.90 reads so in the API and both exports, not as Java's 1.23456789E7; a whole number sent as
     * a decimal stays one; an emoji is itself, not two escaped surrogates a text search misses. The values, and so the
     * export's proof, are the same.
     */
    @Test
    void decimalsAndEmojiAreWrittenAsPeopleReadThemAndTheExportStillVerifies() throws Exception {
        String sent = "{\"action\":\"payment.updated\",\"channel\":\"ledger\",\"description\":\"Paid \uD83D\uDE80\",\"changes\":{\"amount\":{\"old\":9999999.99,"
                + "\"new\":12345678.9},\"rate\":{\"old\":1E7,\"new\":0.0001},\"tiny\":{\"old\":5e-324,\"new\":1.5e300}}}";
        expect(api.postJson(EVENTS, ingest, sent), 201);
        String answer = new String(expect(api.get(EVENTS + "?channel=ledger", read), 200).body(), StandardCharsets.UTF_8);
        String changes = "{\"amount\":{\"old\":9999999.99,\"new\":12345678.9},\"rate\":{\"old\":10000000.0,\"new\":0.0001},"
                + "\"tiny\":{\"old\":5e-324,\"new\":1.5e+300}}";
        assertThat(answer).contains("\"changes\":" + changes, "Paid \uD83D\uDE80").doesNotContain("\\uD83D");
        String csv = new String(expect(api.get("/api/v1/tenants/acme/export?format=csv&channel=ledger", read), 200).body(),
                StandardCharsets.UTF_8);
        assertThat(csv).contains(changes.replace("\"", "\"\"")).doesNotContain("E7", "E-4");
        byte[] export = expect(api.get("/api/v1/tenants/acme/export?format=json&channel=ledger", read), 200).body();
        assertThat(new String(export, StandardCharsets.UTF_8)).contains(changes, "Paid \uD83D\uDE80").doesNotContain("\\uD83D");
        String publicKey = json(api.get("/api/v1/tenants/acme/checkpoint", read)).get("public_key").asText();
        ExportVerifier.Result result = new ExportVerifier(publicKey).verify(new ByteArrayInputStream(export));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(1);
    }

    /** An ingest key could otherwise append an export.downloaded in an administrator's name that passes for a real one. */
    @Test
    void anEntryOfAuditlogsOwnCannotBePassedOffThroughIngest() {
        HttpResponse<byte[]> res = api.postJson(EVENTS, ingest, "{\"action\":\"export.downloaded\",\"channel\":\"audit\","
                + "\"actor\":{\"type\":\"user\",\"id\":\"adm1\"},\"idempotency_key\":\"auditlog-forged\"}");
        JsonNode problem = json(expect(res, 400));
        assertThat(problem.get("errors").get(0).get("pointer").asText()).isEqualTo("/events/0/idempotency_key");
        assertThat(query("actor=adm1&count=true").get("total").asLong()).isZero();
    }

    /** The creation answer holds the key itself; entries hold personal data. */
    @Test
    void apiAnswersAreNeitherCachedNorSniffedAndStaticFilesAreCached() {
        HttpResponse<byte[]> created = expect(api.postJson("/api/v1/tenants/acme/keys", MASTER, "{\"name\":\"k-cache\",\"scopes\":[\"read\"]}"), 201);
        for (HttpResponse<byte[]> res : List.of(created, api.get(EVENTS, MASTER), api.get("/nope", MASTER))) {
            assertThat(res.headers().allValues("Cache-Control")).as(res.uri().getPath()).containsExactly("no-store");
            assertThat(res.headers().firstValue("X-Content-Type-Options")).as(res.uri().getPath()).contains("nosniff");
        }
        assertThat(api.get("/static/app.css", null).headers().allValues("Cache-Control")).containsExactly("public, max-age=3600");
    }

    @Test
    void revokedKeyStopsWorkingAtOnceAndKeyChangesAreRecorded() {
        String doomed = api.createKey("acme", "read");
        expect(api.get(EVENTS, doomed), 200);
        JsonNode keys = json(expect(api.get("/api/v1/tenants/acme/keys", MASTER), 200)).get("keys");
        String id = doomed.split("_")[1];
        assertThat(keys.toString()).doesNotContain(doomed);
        assertThat(keys).anySatisfy(k -> assertThat(k.get("id").asText()).isEqualTo(id));
        expect(api.send("DELETE", "/api/v1/tenants/acme/keys/" + id, MASTER, null, null), 204);
        expect(api.get(EVENTS, doomed), 401);
        expect(api.send("DELETE", "/api/v1/tenants/acme/keys/" + id, MASTER, null, null), 404);
        assertThat(query("action=api_key.revoked").get("entries").get(0).get("target").get("id").asText()).isEqualTo(id);
    }

    @Test
    void metricsCountRequestsPerRouteAndAppendedEvents() {
        String metrics = new String(expect(api.get("/metrics", null), 200).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("auditlog_events_appended_total");
        assertThat(metrics).contains("route=\"/api/v1/tenants/{t}/events\"");
        assertThat(metrics).contains("http_server_requests_seconds_count");
        assertThat(metrics).contains("auditlog_store_unapplied_bytes", "auditlog_store_writer_waiting ",
                "auditlog_store_reads_running{lane=\"streams\"}", "auditlog_store_reads_waiting{lane=\"reads\"}");
        assertThat(metrics).as("what an operator sizes the process by").contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "process_cpu_usage", "process_files_open_files", "process_files_max_files", "process_uptime_seconds");
    }

    @Test
    void metricsNameAMethodOutsideHttpsOwnOtherSoThatClientsCannotGrowTheSeries() {
        for (String method : List.of("BREW", "XQ7Z", "M" + "A".repeat(500))) expect(api.send(method, "/", null, null, null), 405);
        String metrics = new String(expect(api.get("/metrics", null), 200).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("method=\"_OTHER\"").doesNotContain("BREW").doesNotContain("XQ7Z").doesNotContain("AAAAAAAA");
    }

    @Test
    void healthzAnswersWithoutAKey() {
        assertThat(expect(api.get("/healthz", null), 200).body()).asString().isEqualTo("ok");
    }

    @Test
    void healthzAnswersALoadBalancersHeadProbeWithoutABody() {
        HttpResponse<byte[]> res = expect(api.send("HEAD", "/healthz", null, null, null), 200);
        assertThat(res.body()).isEmpty();
        assertThat(res.headers().firstValue("Content-Length")).contains("0");
    }

    private static JsonNode query(String params) {
        return json(expect(api.get(EVENTS + "?" + params, read), 200));
    }
}
