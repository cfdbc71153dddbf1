package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import dev.auditlog.store.postgres.PostgresStore;
import dev.auditlog.store.postgres.TestDatabases;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code serve} that cannot start says why in one line on standard error, prefixed {@code auditlog:}, and exits 1
 * at once: no stack trace, no server left running on nothing.
 */
class ServeStartupErrorsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("AUDITLOG_MASTER_KEY", "test-master-key",
            "AUDITLOG_ADMIN_PASSWORD", "test-password");

    @TempDir
    Path dir;

    private CliProcess.Result serve(String... options) throws Exception {
        String[] args = new String[options.length + 1];
        args[0] = "serve";
        System.arraycopy(options, 0, args, 1, options.length);
        return CliProcess.run(dir, ENVIRONMENT, args);
    }

    /** Exit 1, no trace, and the last line of standard error (libraries may log one line before it) is the reason. */
    private static void assertFailsInOneLine(CliProcess.Result r, String reason) {
        assertFailsSaying(r, reason);
        assertThat(r.err().strip().split("\n").length).as(r.err()).isLessThanOrEqualTo(2);
    }

    /**
     * Exit 1, no trace, and the last line of standard error is the reason: on PostgreSQL, Flyway logs its schema check
     * (four lines at INFO) before it.
     */
    private static void assertFailsSaying(CliProcess.Result r, String reason) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        String[] lines = r.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("auditlog: " + reason);
    }

    @Test
    void aPortInUseIsOneLineAndNothingIsWritten() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            CliProcess.Result r = serve("--port", String.valueOf(taken.getLocalPort()), "--data-dir", "data");
            assertFailsInOneLine(r, "cannot listen on port " + taken.getLocalPort() + ": address already in use");
            assertThat(r.err().strip()).doesNotContain("\n");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aDataDirThatIsAFileIsOneLine() throws Exception {
        Files.writeString(dir.resolve("data"), "not a directory");
        assertFailsInOneLine(serve("--port", "0", "--data-dir", "data"),
                "cannot create the data directory data: a file is in the way (data)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"afile/sub", "afile/a/b"})
    void aFileInTheWayOfTheDataDirIsNamed(String dataDir) throws Exception {
        Files.writeString(dir.resolve("afile"), "not a directory");
        assertFailsInOneLine(serve("--port", "0", "--data-dir", dataDir),
                "cannot create the data directory " + dataDir + ": a file is in the way (" + dir.resolve("afile").toAbsolutePath() + ")");
    }

    @Test
    void aCorruptDatabaseFileIsOneLine() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/auditlog.duckdb"), "garbage ".repeat(1000));
        assertFailsInOneLine(serve("--port", "0", "--data-dir", "data"), "could not open the embedded store in data: ");
    }

    @Test
    void aSecondServerOnTheSameDataDirIsOneLine() throws Exception {
        int port = CliProcess.freePort();
        Process first = CliProcess.builder(dir, ENVIRONMENT, "serve", "--port", String.valueOf(port), "--data-dir", "data")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CliProcess.awaitReady(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                    URI.create("http://localhost:" + port), first);
            CliProcess.Result second = serve("--port", "0", "--data-dir", "data");
            assertFailsInOneLine(second, "could not open the embedded store in data: ");
            assertThat(second.err()).contains("Conflicting lock is held");
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    @Test
    void anUnreachablePostgresIsOneLine() throws Exception {
        int nobody = CliProcess.freePort();
        assertFailsInOneLine(serve("--port", "0", "--data-dir", "data",
                        "--store", "jdbc:postgresql://127.0.0.1:" + nobody + "/audit?user=a&password=secret"),
                "could not connect to the PostgreSQL store: Connection to 127.0.0.1:" + nobody + " refused");
    }

    /** A log with entries signed by the key in {@code data/keys/acme.key}. */
    private void signedLog(LogStore store) {
        SampleEvents sample = new SampleEvents(7);
        store.createTenant(new Tenant("acme", "Acme", Instant.now()));
        store.append("acme", Stream.generate(() -> sample.next(Instant.now().minusSeconds(5))).limit(10).toList());
    }

    @Test
    void aLogWhoseSigningKeyIsGoneRefusesToStartNamingTheTenantAndTheKeyFile() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir.resolve("data"))) {
            signedLog(store);
        }
        try (Stream<Path> keys = Files.walk(dir.resolve("data/keys"))) { // rm -rf data/keys
            for (Path p : keys.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }

        assertFailsInOneLine(serve("--port", "0", "--data-dir", "data"), "no signing key for tenant acme: "
                + Path.of("data/keys/acme.key") + " does not exist, but its log is signed by key auditlog/acme+");
        assertThat(dir.resolve("data/keys")).as("no new key was made").doesNotExist();
    }

    @Test
    void aKeyFileHoldingAnotherKeyThanTheOneThatSignedTheLogRefusesToStart() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir.resolve("data"))) {
            signedLog(store);
        }
        new TenantKeyring(dir.resolve("other")).signer("acme");
        Files.copy(dir.resolve("other/keys/acme.key"), dir.resolve("data/keys/acme.key"), StandardCopyOption.REPLACE_EXISTING);

        CliProcess.Result r = serve("--port", "0", "--data-dir", "data");

        assertFailsInOneLine(r, "wrong signing key for tenant acme: " + Path.of("data/keys/acme.key") + " holds key auditlog/acme+");
        assertThat(r.err()).contains(", but its log is signed by key auditlog/acme+")
                .contains("; restore the key file, or give the data directory that holds it (--data-dir)");
    }

    @Test
    void aDataDirectoryWhoseDatabaseFileIsGoneRefusesToStartRatherThanBeginAnEmptyStore() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir.resolve("data"))) {
            signedLog(store);
        }
        Path database = Path.of("data", "auditlog.duckdb");
        Files.delete(dir.resolve(database));

        CliProcess.Result r = serve("--port", "0", "--data-dir", "data");

        assertFailsInOneLine(r, database + " does not exist, but data holds the signing keys or leaf hashes of tenants "
                + "(acme): restore auditlog.duckdb from a backup; to start afresh on purpose, move the data directory away");
        assertThat(dir.resolve(database)).as("no empty store was made").doesNotExist();
    }

    @Test
    void aSecondPostgresServerWithAnotherDataDirectoryRefusesToStartRatherThanSignWithANewKey() throws Exception {
        String url = TestDatabases.fresh();
        try (LogStore store = PostgresStore.open(url, dir.resolve("first"), Clock.systemUTC())) {
            signedLog(store);
        }

        assertFailsSaying(serve("--port", "0", "--data-dir", "second", "--store", url), "no signing key for tenant acme: "
                + Path.of("second/keys/acme.key") + " does not exist, but its log is signed by key auditlog/acme+");
        assertThat(dir.resolve("second/keys")).doesNotExist();
    }
}
