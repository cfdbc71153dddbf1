package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import dev.auditlog.store.postgres.PostgresStore;
import dev.auditlog.store.postgres.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditlog verify-store}: the store's own logs re-hashed against their signed checkpoints, as an operator runs it. */
class VerifyStoreCommandTest {
    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void storeWithTwoTenants() {
        data = dir.resolve("data");
        try (LogStore store = EmbeddedStore.open(data)) {
            fill(store);
        }
    }

    /** Tenants acme and beta, 50 entries each. */
    private static void fill(LogStore store) {
        SampleEvents sample = new SampleEvents(3);
        for (String tenant : new String[] {"acme", "beta"}) {
            store.createTenant(new Tenant(tenant, tenant, Instant.now()));
            store.append(tenant, IntStream.range(0, 50).mapToObj(i -> sample.next(Instant.now().minusSeconds(5))).toList());
        }
    }

    @Test
    void anUntouchedStoreVerifiesTenantByTenant() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK: acme: 50 entries verified against the signed checkpoint")
                .contains("OK: beta: 50 entries verified against the signed checkpoint");
    }

    @Test
    void aRowEditedInTheDatabaseFailsNamingItsEntry() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("auditlog.duckdb"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE entries SET description = 'nothing happened' WHERE tenant = 'beta' AND seq = 33");
        }
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_DATA_DIR", data.toString()), "verify-store");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("OK: acme: 50 entries").contains("FAILED: beta: entry 33 (");
    }

    @Test
    void aMissingStoreCannotBeCheckedAndCreatesNothing() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        CliProcess.Result missing = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", nowhere.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).as("a condition of the store, not a usage error")
                .isEqualTo("auditlog: no embedded store in " + nowhere + " (give --data-dir or --store)\n");
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void anUnknownTenantIsAUsageErrorWithAHintNotTheWholeHelp() throws Exception {
        CliProcess.Result tenant = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString(), "--tenant", "gamma");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).isEqualTo("no tenant gamma in the store\n"
                + "Try 'auditlog verify-store --help' for more information.\n");
    }

    @Test
    void aTenantWhoseKeyFileIsMissingIsReportedAsNotCheckableNotAsTamperedAndNoKeyIsWritten() throws Exception {
        Files.delete(data.resolve("keys/beta.key"));

        CliProcess.Result r = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).contains("OK: acme: 50 entries").doesNotContain("FAILED");
        assertThat(r.err()).isEqualTo("auditlog: no signing key for tenant beta in " + data.resolve("keys")
                + ": verify-store needs the data directory the server uses (--data-dir)\n");
        assertThat(data.resolve("keys/beta.key")).doesNotExist();
    }

    @Test
    void aKeyFileHoldingAnotherKeyFailsWithAHintAboutTheDataDirectory() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        new TenantKeyring(elsewhere).signer("beta");
        Files.copy(elsewhere.resolve("keys/beta.key"), data.resolve("keys/beta.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CliProcess.Result r = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED: beta: the checkpoint signature does not verify: ")
                .contains("(" + data.resolve("keys/beta.key") + " holds key auditlog/beta+")
                .contains(": if the server uses another data directory, give it with --data-dir)");
    }

    @Test
    void onPostgresWithoutTheServersDataDirectoryNothingIsWrittenAndTheMissingKeysAreNamed() throws Exception {
        String url = TestDatabases.fresh();
        Path serverData = dir.resolve("server-data");
        try (LogStore store = PostgresStore.open(url, serverData, Clock.systemUTC())) {
            fill(store);
        }
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));

        CliProcess.Result r = CliProcess.run(elsewhere, Map.of(), "verify-store", "--store", url);

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("FAILED");
        assertThat(r.err()).contains("auditlog: no signing key for tenant acme in ./data/keys: verify-store needs the "
                + "data directory the server uses (--data-dir)").contains("no signing key for tenant beta");
        assertThat(elsewhere.resolve("data")).doesNotExist();

        CliProcess.Result withDataDir = CliProcess.run(elsewhere, Map.of(), "verify-store", "--store", url,
                "--data-dir", serverData.toString());
        assertThat(withDataDir.exit()).as(withDataDir.err()).isZero();
        assertThat(withDataDir.out()).contains("OK: acme: 50 entries").contains("OK: beta: 50 entries");
    }

    @Test
    void anEmptyPostgresDatabaseHasNoTenantsToVerify() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "verify-store", "--store", TestDatabases.fresh(),
                "--data-dir", data.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).endsWith("auditlog: there are no tenants in the store: nothing to verify\n").doesNotContain("null");
    }

    @Test
    void aDataDirectoryThatCannotBeReadIsPermissionDeniedNotAMissingStore() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every directory");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("---------"));
        try {
            CliProcess.Result r = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString());

            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("auditlog: cannot read the embedded store in " + data + ": permission denied\n");
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
