package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditlog serve} stops cleanly on SIGTERM, and what it acknowledged is there after the restart. */
class GracefulStopTest {
    @TempDir
    Path dataDir;

    @Test
    void sigtermStopsTheServerCleanlyAndKeepsEveryAcknowledgedEntry() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AUDITLOG_MASTER_KEY", "test-master-key");
        Process server = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://localhost:" + port);
        try {
            awaitReady(http, base, server);
            int acknowledged = 0;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/tenants/default/events"))
                        .header("Authorization", "Bearer test-master-key").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"stop.test\",\"description\":\"n" + i + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 201) acknowledged++;
            }
            assertThat(acknowledged).isEqualTo(20);
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(server.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        } finally {
            server.destroyForcibly();
        }
        try (LogStore store = EmbeddedStore.open(dataDir)) {
            assertThat(store.query("default", EntryQuery.all().withCount(true)).total()).isEqualTo(20);
            assertThat(store.verify("default").ok()).isTrue();
        }
    }

    private static void awaitReady(HttpClient http, URI base, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server process running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server not ready within 60 s");
    }
}
