package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditlog serve} stops cleanly on SIGTERM, and what it acknowledged is there after the restart. */
class GracefulStopTest {
    @TempDir
    Path dataDir;

    @Test
    void sigtermStopsTheServerCleanlyAndKeepsEveryAcknowledgedEntry() throws Exception {
        int port = CliProcess.freePort();
        Process server = CliProcess.builder(dataDir, Map.of("AUDITLOG_MASTER_KEY", "test-master-key"),
                        "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create("http://localhost:" + port);
        try {
            CliProcess.awaitReady(http, base, server);
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
}
