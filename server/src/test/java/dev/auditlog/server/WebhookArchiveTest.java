package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive delivery to a webhook: Standard Webhooks signatures, retry after a failure, status and metrics. */
class WebhookArchiveTest {
    private static final String SECRET = "0123456789abcdef-secret";

    @Test
    void everyEntryArrivesSignedAndAFailedDeliveryIsRetried(@TempDir Path dataDir) throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/in", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = signature.equals("v1," + sign(id + "." + ts + "." + new String(body, StandardCharsets.UTF_8)));
            int status = calls.incrementAndGet() == 1 ? 503 : valid ? 200 : 401;
            if (status == 200) received.add(TestServer.JSON.readTree(body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        hook.start();
        try (TestServer api = TestServer.start(dataDir)) {
            api.createTenant("hooked");
            String t = "/api/v1/tenants/hooked";
            expect(api.postJson(t + "/events", api.createKey("hooked", "ingest"), "[{\"action\":\"a\"},{\"action\":\"b\"}]"), 201);
            expect(api.send("PUT", t + "/settings", TestServer.MASTER, "application/json", ("{\"archive\":{\"type\":\"webhook\","
                    + "\"url\":\"http://127.0.0.1:" + hook.getAddress().getPort() + "/in\",\"secret\":\"" + SECRET + "\"}}")
                    .getBytes(StandardCharsets.UTF_8)), 200);
            for (int i = 0; i < 200 && received.isEmpty(); i++) Thread.sleep(50);

            assertThat(calls.get()).as("the first attempt failed and was retried").isGreaterThanOrEqualTo(2);
            JsonNode batch = received.getFirst();
            assertThat(batch.get("tenant").asText()).isEqualTo("hooked");
            List<String> actions = new java.util.ArrayList<>();
            for (int i = 0; i < batch.get("entries").size(); i++) {
                assertThat(batch.get("entries").get(i).get("seq").asLong()).as("in seq order from 0").isEqualTo(i);
                actions.add(batch.get("entries").get(i).get("action").asText());
            }
            assertThat(actions).containsSubsequence("api_key.created", "a", "b");
            for (int i = 0; i < 100 && !json(api.get(t + "/settings", TestServer.MASTER)).get("archive").path("delivery").path("ok").asBoolean(); i++) {
                Thread.sleep(50);
            }
            assertThat(json(api.get(t + "/settings", TestServer.MASTER)).get("archive").get("delivery").get("ok").asBoolean()).isTrue();
            assertThat(new String(api.get("/metrics", null).body(), StandardCharsets.UTF_8)).contains("auditlog_archive_failing_tenants");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aReceiverThatIsDownForAWhileGetsEveryEntryOnceItDedupesOnSeq(@TempDir Path dataDir) throws Exception {
        java.util.Set<Long> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/in", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean down = calls.incrementAndGet() <= 3;
            if (!down) {
                for (JsonNode e : TestServer.JSON.readTree(body).get("entries")) delivered.add(e.get("seq").asLong());
            }
            exchange.sendResponseHeaders(down ? 503 : 200, -1);
            exchange.close();
        });
        hook.start();
        try (TestServer api = TestServer.start(dataDir)) {
            api.createTenant("flaky");
            String t = "/api/v1/tenants/flaky";
            String ingest = api.createKey("flaky", "ingest");
            expect(api.send("PUT", t + "/settings", TestServer.MASTER, "application/json", ("{\"archive\":{\"type\":\"webhook\","
                    + "\"url\":\"http://127.0.0.1:" + hook.getAddress().getPort() + "/in\",\"secret\":\"" + SECRET + "\"}}")
                    .getBytes(StandardCharsets.UTF_8)), 200);
            for (int round = 0; round < 5; round++) {
                expect(api.postJson(t + "/events", ingest, "[{\"action\":\"x.one\"},{\"action\":\"x.two\"}]"), 201);
                Thread.sleep(300);
            }
            long size = json(api.get(t + "/checkpoint", TestServer.MASTER)).get("size").asLong();
            for (int i = 0; i < 600 && delivered.size() < size; i++) Thread.sleep(100);

            assertThat(calls.get()).as("deliveries were refused first, then retried").isGreaterThan(3);
            assertThat(delivered).as("every entry of the log, despite the outage")
                    .containsAll(java.util.stream.LongStream.range(0, size).boxed().toList());
        } finally {
            hook.stop(0);
        }
    }

    private static String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
