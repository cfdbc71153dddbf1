package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that fails after its events were given seqs and hashed into the tree, before its journal record is
 * written, leaves nothing behind: the tree is cut back, and the next append continues the log without a gap.
 */
class FailedBatchTest {
    @TempDir
    Path dir;

    /** The system clock, until armed: then it fails on the n-th reading from now on. */
    private static final class FailingClock extends Clock {
        final AtomicInteger readingsLeft = new AtomicInteger(Integer.MAX_VALUE);

        @Override
        public long millis() {
            if (readingsLeft.getAndDecrement() <= 0) throw new IllegalStateException("clock failure (test)");
            return System.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<Event> events(SampleEvents sample, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) events.add(sample.next(Instant.now().minusSeconds(5)));
        return events;
    }

    @Test
    void aBatchFailingAfterItsEventsWerePlacedLeavesNoEntryAndNoGap() {
        SampleEvents sample = new SampleEvents(3);
        FailingClock clock = new FailingClock();
        try (LogStore store = EmbeddedStore.open(dir, clock)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            store.append("acme", events(sample, 3));

            // The writer reads the clock once per event while placing it, then once more for the checkpoint's
            // row: the 6th reading fails after all five events were placed and hashed into the tree.
            clock.readingsLeft.set(5);
            assertThatThrownBy(() -> store.append("acme", events(sample, 5))).isInstanceOf(StoreException.class);
            clock.readingsLeft.set(Integer.MAX_VALUE);

            assertThat(store.query("acme", EntryQuery.all()).entries()).hasSize(3);
            assertThat(store.append("acme", events(sample, 1)).getFirst().entry().seq()).isEqualTo(3);
            assertThat(store.verify("acme").ok()).isTrue();
        }
        try (LogStore reopened = EmbeddedStore.open(dir)) {
            assertThat(reopened.query("acme", EntryQuery.all()).entries()).extracting(e -> e.seq())
                    .containsExactly(3L, 2L, 1L, 0L);
            assertThat(reopened.verify("acme").ok()).isTrue();
        }
    }
}
