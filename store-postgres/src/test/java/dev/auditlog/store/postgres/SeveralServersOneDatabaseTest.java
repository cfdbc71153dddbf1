package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes append to the same tenant of one database at once, and one of them is killed
 * with SIGKILL midway: the tenant still has one gap-free sequence holding every acknowledged entry once,
 * and one tree that verifies.
 */
class SeveralServersOneDatabaseTest {
    private static final String TENANT = "shared";

    @TempDir
    Path keyDir;

    /** A child process and the acknowledgements it printed. */
    private record Server(Process process, Map<String, Long> acked, CountDownLatch ready, Thread reader) {
    }

    @Test
    void threeServersKeepOneGapFreeVerifiableLogEvenWhenOneIsKilled() throws Exception {
        String url = TestDatabases.fresh();
        try (LogStore store = PostgresStore.open(url, keyDir, Clock.systemUTC())) {
            store.createTenant(new Tenant(TENANT, "Shared", Instant.now()));
        }
        List<Server> servers = new ArrayList<>();
        servers.add(start(url, 1_000_000)); // killed long before it could finish
        servers.add(start(url, 150));
        servers.add(start(url, 150));
        for (Server s : servers) {
            assertThat(s.ready.await(60, TimeUnit.SECONDS)).as("child ready").isTrue();
        }
        Server victim = servers.getFirst();
        while (victim.acked.size() < 200) {
            assertThat(victim.process.isAlive()).as("victim still appending").isTrue();
            Thread.sleep(10);
        }
        assertThat(servers.get(1).process.isAlive() || servers.get(2).process.isAlive())
                .as("the others are still appending when the victim dies").isTrue();
        victim.process.destroyForcibly(); // SIGKILL on POSIX
        for (Server s : servers) {
            assertThat(s.process.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
            s.reader.join(10_000);
        }
        assertThat(servers.get(1).process.exitValue()).isZero();
        assertThat(servers.get(2).process.exitValue()).isZero();

        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        servers.forEach(s -> acknowledged.putAll(s.acked));
        assertThat(acknowledged.size()).isGreaterThan(2 * 150 * 4);
        try (LogStore store = PostgresStore.open(url, keyDir, Clock.systemUTC())) {
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                Optional<Entry> found = store.entry(TENANT, ack.getKey());
                assertThat(found).as("acknowledged %s", ack.getKey()).isPresent();
                assertThat(found.get().seq()).isEqualTo(ack.getValue());
            }
            long size = store.checkpoint(TENANT).size();
            assertNoGapsNoDuplicates(url, size);
            VerificationReport report = store.verify(TENANT);
            assertThat(report.ok()).as("verification: %s", report.problem()).isTrue();
            assertThat(report.entriesChecked()).isEqualTo(size);
            Entry some = store.entry(TENANT, acknowledged.keySet().iterator().next()).orElseThrow();
            List<byte[]> proof = Proofs.inclusion(some.seq(), size, store.nodes(TENANT));
            assertThat(Proofs.verifyInclusion(some.seq(), size, some.leafHash(), proof, store.checkpoint(TENANT).rootHash())).isTrue();
        }
    }

    private Server start(String url, int batchesPerThread) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppenderChild.class.getName(), url, keyDir.toString(), TENANT, Integer.toString(batchesPerThread))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Long> acked = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("ack")) acked.put(parts[1], Long.parseLong(parts[2]));
                    else if (line.equals("ready")) ready.countDown();
                }
            } catch (Exception ignored) {
                // the pipe breaks when the child dies
            }
        });
        return new Server(child, acked, ready, reader);
    }

    private static void assertNoGapsNoDuplicates(String url, long checkpointSize) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT seq), count(DISTINCT id), coalesce(max(seq), -1) "
                     + "FROM entries WHERE tenant = '" + TENANT + "'")) {
            rs.next();
            long rows = rs.getLong(1);
            assertThat(rows).as("rows = checkpoint size").isEqualTo(checkpointSize);
            assertThat(rs.getLong(2)).as("distinct seqs").isEqualTo(rows);
            assertThat(rs.getLong(3)).as("distinct ids").isEqualTo(rows);
            assertThat(rs.getLong(4)).as("max seq").isEqualTo(rows - 1);
        }
    }
}
