package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
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
            SampleEvents sample = new SampleEvents(3);
            for (String tenant : new String[] {"acme", "beta"}) {
                store.createTenant(new Tenant(tenant, tenant, Instant.now()));
                store.append(tenant, IntStream.range(0, 50).mapToObj(i -> sample.next(Instant.now().minusSeconds(5))).toList());
            }
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
    void aMissingStoreOrTenantIsAUsageErrorAndCreatesNothing() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        CliProcess.Result missing = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", nowhere.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("no embedded store in " + nowhere);
        assertThat(nowhere).doesNotExist();
        CliProcess.Result tenant = CliProcess.run(dir, Map.of(), "verify-store", "--data-dir", data.toString(), "--tenant", "gamma");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).startsWith("no tenant gamma in the store");
    }
}
