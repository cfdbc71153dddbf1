package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.VerificationReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments, twenty times: every acknowledged append must survive exactly once, seq numbers
 * must stay gap-free, and the whole log must verify after each restart.
 */
class CrashRecoveryTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void acknowledgedAppendsSurviveSigkillExactlyOnce() throws Exception {
        Random random = new Random(2026);
        Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < KILLS; round++) {
            Map<String, Long> ackedThisRound = runAndKill(random.nextInt(0, 800));
            assertThat(ackedThisRound).as("round %d acknowledged something", round).isNotEmpty();
            acknowledged.putAll(ackedThisRound);

            try (LogStore store = EmbeddedStore.open(dir)) {
                for (Map.Entry<String, Long> ack : ackedThisRound.entrySet()) {
                    Optional<Entry> found = store.entry("crash", ack.getKey());
                    assertThat(found).as("acknowledged %s after kill %d", ack.getKey(), round).isPresent();
                    assertThat(found.get().seq()).isEqualTo(ack.getValue());
                }
                VerificationReport report = store.verify("crash");
                assertThat(report.ok()).as("verification after kill %d: %s", round, report.problem()).isTrue();
                assertThat(report.entriesChecked()).isEqualTo(store.checkpoint("crash").size());
            }
            assertNoGapsNoDuplicates();
        }
        assertThat(acknowledged.size()).isGreaterThan(KILLS * 10);
    }

    /** Starts the child, lets it append for {@code millis} after its first acknowledgement, kills it with SIGKILL. */
    private Map<String, Long> runAndKill(int millis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Long> acked = new HashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ack ")) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3) {
                            synchronized (acked) {
                                acked.put(parts[1], Long.parseLong(parts[2]));
                            }
                        }
                    } else if (line.equals("ready")) {
                        ready.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        while (!ready.await(100, TimeUnit.MILLISECONDS)) {
            assertThat(child.isAlive()).as("child process exited before it was ready").isTrue();
        }
        while (true) { // appends are flowing before the clock for the kill starts
            synchronized (acked) {
                if (!acked.isEmpty()) break;
            }
            assertThat(child.isAlive()).as("child process died while appending").isTrue();
            Thread.sleep(5);
        }
        Thread.sleep(millis);
        child.destroyForcibly(); // SIGKILL on POSIX
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        synchronized (acked) {
            return new HashMap<>(acked);
        }
    }

    private void assertNoGapsNoDuplicates() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("auditlog.duckdb"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT seq), count(DISTINCT id), coalesce(max(seq), -1) "
                     + "FROM entries WHERE tenant = 'crash'")) {
            rs.next();
            long rows = rs.getLong(1);
            assertThat(rs.getLong(2)).as("distinct seqs").isEqualTo(rows);
            assertThat(rs.getLong(3)).as("distinct ids").isEqualTo(rows);
            assertThat(rs.getLong(4)).as("max seq").isEqualTo(rows - 1);
        }
    }
}
