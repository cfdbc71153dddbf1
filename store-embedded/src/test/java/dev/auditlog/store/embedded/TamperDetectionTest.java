package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.VerificationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits made behind the product's back, directly in the database file, are found and named by seq. */
class TamperDetectionTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            SampleEvents sample = new SampleEvents(7);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) events.add(sample.next(Instant.now().minusSeconds(60)));
            store.append("acme", events);
        }
    }

    private void tamper(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("auditlog.duckdb"));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private VerificationReport verify() {
        try (LogStore store = EmbeddedStore.open(dir)) {
            return store.verify("acme");
        }
    }

    @Test
    void anUntouchedLogVerifies() {
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void aChangedFieldIsReportedAtItsSeq() throws SQLException {
        tamper("UPDATE entries SET action = 'invoice.deleted' WHERE tenant = 'acme' AND seq = 417");
        VerificationReport report = verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadSeq()).isEqualTo(417);
    }

    @Test
    void aChangedPersonalFieldIsReportedAtItsSeq() throws SQLException {
        tamper("UPDATE entries SET description = 'nothing happened' WHERE tenant = 'acme' AND seq = 33");
        assertThat(verify().firstBadSeq()).isEqualTo(33);
    }

    @Test
    void aDeletedEntryIsReportedAtItsSeq() throws SQLException {
        tamper("DELETE FROM entries WHERE tenant = 'acme' AND seq = 600");
        VerificationReport report = verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadSeq()).isEqualTo(600);
    }

    @Test
    void twoSwappedEntriesAreReportedAtTheFirstOfThem() throws SQLException {
        tamper("UPDATE entries SET seq = CASE seq WHEN 250 THEN 700 ELSE 250 END WHERE tenant = 'acme' AND seq IN (250, 700)");
        VerificationReport report = verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadSeq()).isEqualTo(250);
    }

    @Test
    void aRewrittenLeafHashIsCaughtByTheSignedRoot() throws SQLException {
        tamper("UPDATE entries SET leaf_hash = sha256('forged')::BLOB WHERE tenant = 'acme' AND seq = 10");
        assertThat(verify().ok()).isFalse();
    }
}
