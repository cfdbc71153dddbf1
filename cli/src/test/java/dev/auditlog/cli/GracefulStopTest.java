package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditlog serve} stops cleanly on SIGTERM, and what it acknowledged is there after the restart. */
class GracefulStopTest {
    private static final String MASTER = "test-master-key";

    @TempDir
    Path dataDir;
    int port;
    Process server;

    @BeforeEach
    void startServer() throws Exception {
        port = CliProcess.freePort();
        server = CliProcess.builder(dataDir, Map.of("AUDITLOG_MASTER_KEY", MASTER),
                        "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CliProcess.awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                URI.create("http://localhost:" + port), server);
    }

    @AfterEach
    void killServer() throws InterruptedException {
        server.destroyForcibly().waitFor();
    }

    @Test
    void sigtermStopsTheServerCleanlyAndKeepsEveryAcknowledgedEntry() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int acknowledged = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants/default/events"))
                    .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"stop.test\",\"description\":\"n" + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 201) acknowledged++;
        }
        assertThat(acknowledged).isEqualTo(20);
        assertStopsOnSigterm();
        assertEntriesKept(20);
    }

    /**
     * A batch still being uploaded when SIGTERM arrives is read to its end, appended and answered 201 before the server
     * stops. (Helidon's default grace period of half a second cut such a request off mid-body.)
     */
    @Test
    void aRequestStillBeingSentWhenSigtermArrivesCompletesAndItsEntriesAreKept() throws Exception {
        int events = 200;
        byte[] body = IntStream.range(0, events)
                .mapToObj(i -> "{\"action\":\"slow.upload\",\"description\":\"" + "x".repeat(400) + i + "\"}")
                .collect(Collectors.joining(",", "[", "]")).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tenants/default/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + MASTER
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500); // the server is now reading the body
            server.destroy(); // SIGTERM
            Thread.sleep(1500);
            assertThat(server.isAlive()).as("still running while a request is in flight").isTrue();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 201 Created");
        }
        assertStopsOnSigterm();
        assertEntriesKept(events);
    }

    private void assertStopsOnSigterm() throws InterruptedException {
        server.destroy(); // SIGTERM (again, for the test that sent one already: harmless)
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(server.exitValue()).as("exit code after SIGTERM: a clean stop, not 143").isZero();
    }

    private void assertEntriesKept(int expected) {
        try (LogStore store = EmbeddedStore.open(dataDir)) {
            assertThat(store.query("default", EntryQuery.all().withCount(true)).total()).isEqualTo(expected);
            assertThat(store.verify("default").ok()).isTrue();
        }
    }
}
