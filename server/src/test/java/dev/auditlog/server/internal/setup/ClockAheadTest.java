package dev.auditlog.server.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log whose newest entry was recorded in the future of the clock (a clock that ran ahead, then was corrected) is
 * named at start-up: recorded_at never goes backwards, so its new entries carry that time until the clock passes it.
 */
class ClockAheadTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dataDir;

    /** Tenant {@code tenant} with entries recorded at {@code recordedAt}. */
    private static void entriesRecordedAt(Path dataDir, String tenant, Instant recordedAt) {
        try (LogStore store = EmbeddedStore.open(dataDir, Clock.fixed(recordedAt, ZoneOffset.UTC))) {
            store.createTenant(new Tenant(tenant, tenant, recordedAt));
            SampleEvents sample = new SampleEvents(1);
            store.append(tenant, Stream.generate(() -> sample.next(recordedAt.minusSeconds(1))).limit(3).toList());
        }
    }

    private static Clock at(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    @Test
    void aLogWhoseNewestEntryIsMoreThanFiveMinutesAheadOfTheClockIsNamedWithTheTimeNewEntriesWillCarry() {
        entriesRecordedAt(dataDir, "acme", NOW.plus(Duration.ofDays(3)));
        entriesRecordedAt(dataDir, "beta", NOW.minus(Duration.ofDays(1)));

        try (LogStore store = EmbeddedStore.open(dataDir, at(NOW))) {
            assertThat(ClockAhead.warnings(store, at(NOW))).containsExactly("Tenant acme: its newest entry was recorded "
                    + "at 2026-12-03T12:00:00Z, 3 days ahead of this server's clock (2026-11-30T12:00:00Z); recorded_at "
                    + "never goes backwards within a log, so new entries will carry 2026-12-03T12:00:00Z until the "
                    + "clock passes it (was the clock ahead and then corrected?)");
        }
    }

    @Test
    void aLogAtMostFiveMinutesAheadIsNotWarnedAbout() {
        entriesRecordedAt(dataDir, "acme", NOW.plus(Duration.ofMinutes(5)));

        try (LogStore store = EmbeddedStore.open(dataDir, at(NOW))) {
            assertThat(ClockAhead.warnings(store, at(NOW))).isEmpty();
            assertThat(ClockAhead.warnings(store, at(NOW.minusSeconds(1)))).hasSize(1);
        }
    }

    @Test
    void anEmptyLogIsNotWarnedAbout() {
        try (LogStore store = EmbeddedStore.open(dataDir, at(NOW))) {
            store.createTenant(new Tenant("acme", "acme", NOW));
            assertThat(ClockAhead.warnings(store, at(NOW.minus(Duration.ofDays(30))))).isEmpty();
        }
    }
}
