package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.export.ExportVerifier;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST …/retention/run} through the HTTP API, on a log whose first entries are 60 days old. */
class RetentionApiTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String T = "/api/v1/tenants/ret";

    /** Writes 300 entries recorded 60 days ago straight into the data directory, before the server starts. */
    private static void seedOldEntries(Path dataDir) {
        Instant old = Instant.now().minus(Duration.ofDays(60));
        try (LogStore store = EmbeddedStore.open(dataDir, Clock.fixed(old, ZoneOffset.UTC))) {
            store.createTenant(new Tenant("ret", "Retention", old));
            store.append("ret", IntStream.range(0, 300).mapToObj(i -> new Event("old.event", EventType.OTHER, "default", null,
                    null, null, null, List.of(), null, null, Event.SUCCESS, null, null, null)).toList());
        }
    }

    @Test
    void aPruneRemovesOldEntriesIsRecordedAndProofsAndExportsStillVerify(@TempDir Path dataDir) throws Exception {
        seedOldEntries(dataDir);
        try (TestServer api = TestServer.start(dataDir)) {
            String admin = api.createKey("ret", "admin");
            expect(api.postJson(T + "/events", api.createKey("ret", "ingest"), "[{\"action\":\"new.one\"},{\"action\":\"new.two\"}]"), 201);
            JsonNode before = json(expect(api.get(T + "/checkpoint", admin), 200));

            JsonNode noop = json(expect(api.postJson(T + "/retention/run", admin, ""), 200));
            assertThat(noop.get("removed").asLong()).as("default retention is 365 days").isZero();
            expect(api.send("PUT", T + "/settings", admin, "application/json", "{\"retention_days\":30}".getBytes(StandardCharsets.UTF_8)), 200);
            JsonNode run = json(expect(api.postJson(T + "/retention/run", admin, ""), 200));
            assertThat(run.get("removed").asLong()).isEqualTo(300);
            assertThat(Instant.parse(run.get("cutoff").asText())).isBetween(
                    Instant.now().minus(Duration.ofDays(30)).minusSeconds(60), Instant.now().minus(Duration.ofDays(30)));

            assertThat(json(api.get(T + "/events?action=old.event&count=true", admin)).get("total").asLong()).isZero();
            JsonNode recorded = json(api.get(T + "/events?action=retention.pruned", admin)).get("entries").get(0);
            assertThat(recorded.get("channel").asText()).isEqualTo("audit");
            assertThat(recorded.get("actor").get("type").asText()).isEqualTo("system");
            assertThat(recorded.get("metadata").get("removed").asLong()).isEqualTo(300);
            assertThat(recorded.get("metadata").get("cutoff").asText()).isEqualTo(run.get("cutoff").asText());

            JsonNode after = json(expect(api.get(T + "/checkpoint", admin), 200));
            long from = before.get("size").asLong();
            long to = after.get("size").asLong();
            JsonNode proof = json(expect(api.get(T + "/proofs/consistency?from=" + from + "&to=" + to, admin), 200));
            List<byte[]> hashes = new ArrayList<>();
            proof.get("hashes").forEach(h -> hashes.add(HEX.parseHex(h.asText())));
            assertThat(Proofs.verifyConsistency(from, to, HEX.parseHex(before.get("root_hash").asText()),
                    HEX.parseHex(after.get("root_hash").asText()), hashes)).isTrue();

            byte[] export = expect(api.get(T + "/export?format=json", admin), 200).body();
            ExportVerifier.Result result = new ExportVerifier(after.get("public_key").asText()).verify(new ByteArrayInputStream(export));
            assertThat(result.ok()).as(result.message()).isTrue();
        }
    }

    @Test
    void entriesNotYetDeliveredToAFailingArchiveAreNotPrunedAndTheFailureIsVisible(@TempDir Path dataDir) throws Exception {
        seedOldEntries(dataDir);
        try (TestServer api = TestServer.start(dataDir)) {
            expect(api.send("PUT", T + "/settings", TestServer.MASTER, "application/json", ("{\"retention_days\":30,"
                    + "\"archive\":{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/nowhere\",\"secret\":\"0123456789abcdef\"}}")
                    .getBytes(StandardCharsets.UTF_8)), 200);
            JsonNode delivery = null;
            for (int i = 0; i < 100 && (delivery == null || delivery.get("ok").asBoolean()); i++) {
                Thread.sleep(50);
                delivery = json(api.get(T + "/settings", TestServer.MASTER)).get("archive").get("delivery");
            }
            assertThat(delivery.get("ok").asBoolean()).isFalse();
            assertThat(delivery.get("consecutive_failures").asInt()).isPositive();
            JsonNode run = json(expect(api.postJson(T + "/retention/run", TestServer.MASTER, ""), 200));
            assertThat(run.get("removed").asLong()).isZero();
            assertThat(run.get("held_back_by_archive").asBoolean()).isTrue();
            assertThat(Instant.parse(run.get("cutoff").asText())).as("still now − retention_days").isBetween(
                    Instant.now().minus(Duration.ofDays(30)).minusSeconds(60), Instant.now().minus(Duration.ofDays(30)));
            assertThat(Instant.parse(run.get("removed_before").asText())).as("the first entry not delivered")
                    .isBefore(Instant.now().minus(Duration.ofDays(59)));
            assertThat(json(api.get(T + "/events?action=old.event&count=true", TestServer.MASTER)).get("total").asLong()).isEqualTo(300);
        }
    }

    @Test
    void entriesDeliveredToAFileArchiveMayBePruned(@TempDir Path dataDir, @TempDir Path archiveDir) throws Exception {
        seedOldEntries(dataDir);
        try (TestServer api = TestServer.start(dataDir)) {
            expect(api.send("PUT", T + "/settings", TestServer.MASTER, "application/json", ("{\"retention_days\":30,"
                    + "\"archive\":{\"type\":\"file\",\"path\":\"" + archiveDir + "\"}}").getBytes(StandardCharsets.UTF_8)), 200);
            long size = json(api.get(T + "/checkpoint", TestServer.MASTER)).get("size").asLong();
            List<String> lines = List.of();
            for (int i = 0; i < 200 && lines.size() < size; i++) {
                Thread.sleep(50);
                lines = archivedLines(archiveDir);
            }
            assertThat(lines).hasSizeGreaterThanOrEqualTo((int) size);
            assertThat(TestServer.JSON.readTree(lines.getFirst()).get("seq").asLong()).isZero();
            // The delivery saves how far it got just after writing the lines: a run in between is still held back.
            long removed = 0;
            JsonNode run = null;
            for (int i = 0; i < 100 && (run == null || run.get("held_back_by_archive").asBoolean()); i++) {
                if (run != null) Thread.sleep(50);
                run = json(expect(api.postJson(T + "/retention/run", TestServer.MASTER, ""), 200));
                removed += run.get("removed").asLong();
            }
            assertThat(run.get("held_back_by_archive").asBoolean()).isFalse();
            assertThat(removed).isEqualTo(300);
        }
    }

    /**
     * A store restored from an older backup holds fewer entries than its archive cursor says were delivered: delivering
     * on would send other entries under seqs the archive holds, and the prune would take entries never delivered for
     * delivered ones. The server does not start, and says why.
     */
    @Test
    void anArchiveCursorPastTheEndOfTheLogKeepsTheServerFromStarting(@TempDir Path dataDir) throws Exception {
        seedOldEntries(dataDir);
        java.nio.file.Files.createDirectories(dataDir.resolve("archive"));
        java.nio.file.Files.writeString(dataDir.resolve("archive").resolve("ret.cursor"), "5000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(dataDir))
                .hasMessageContaining("tenant ret: " + dataDir.resolve("archive").resolve("ret.cursor")
                        + " says the archive holds its entries up to seq 4999, but the store holds only 300")
                .hasMessageContaining("restored from an older backup");
        java.nio.file.Files.writeString(dataDir.resolve("archive").resolve("ret.cursor"), "300");
        try (TestServer api = TestServer.start(dataDir)) {
            assertThat(json(api.get(T + "/checkpoint", TestServer.MASTER)).get("size").asLong()).isEqualTo(300);
        }
    }

    private static List<String> archivedLines(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.sorted().toList()) lines.addAll(java.nio.file.Files.readAllLines(f));
            return lines;
        }
    }
}
