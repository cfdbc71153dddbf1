package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} tells the operator on its way up, on standard error. */
class ServeStartupLogTest {
    @TempDir
    Path dir;

    /** Starts {@code serve} on a free port over {@code data}, returns its standard error up to its listening line. */
    private String startUpLog(Path data) throws Exception {
        Path log = dir.resolve("serve.log");
        Process server = CliProcess.builder(dir, Map.of("AUDITLOG_MASTER_KEY", "test-master-key",
                        "AUDITLOG_ADMIN_PASSWORD", "test-password"), "serve", "--port", "0", "--data-dir", data.toString())
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String text = Files.exists(log) ? Files.readString(log) : "";
                if (text.contains("listening on")) return text;
                if (!server.isAlive()) throw new AssertionError("serve ended with exit " + server.exitValue() + ": " + text);
                Thread.sleep(100);
            }
            throw new AssertionError("serve did not say it was listening within 60 s: " + (Files.exists(log) ? Files.readString(log) : ""));
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void theListeningLineSaysTheServerListensOnAllInterfaces() throws Exception {
        String log = startUpLog(dir.resolve("data"));

        assertThat(log).containsPattern("INFO  AuditlogServer - Auditlog listening on port (\\d+) on all interfaces "
                + "\\(http://localhost:\\1/\\), data in " + dir.resolve("data").toAbsolutePath());
    }

    @Test
    void aLogWhoseNewestEntryIsAheadOfTheClockIsWarnedAboutWithTheTimeNewEntriesWillCarry() throws Exception {
        Instant future = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Path data = dir.resolve("data");
        try (LogStore store = EmbeddedStore.open(data, Clock.fixed(future, ZoneOffset.UTC))) { // the clock ran ahead
            store.createTenant(new Tenant("acme", "Acme", future));
            SampleEvents sample = new SampleEvents(5);
            store.append("acme", Stream.generate(() -> sample.next(future.minusSeconds(1))).limit(3).toList());
        }

        String log = startUpLog(data);

        assertThat(log).contains("WARN  AuditlogServer - Tenant acme: its newest entry was recorded at " + future + ", ")
                .contains("so new entries will carry " + future + " until the clock passes it");
        assertThat(log).doesNotContain("Tenant default:");
    }
}
