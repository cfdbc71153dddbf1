package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store acknowledges from its journal and writes DuckDB behind it; a read must not notice: what was
 * acknowledged before a read started is in its answer, and once it is, nothing is left waiting to be applied.
 */
class ReadsAfterAcknowledgementTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntryIsReadRightAfterItsAcknowledgementAndNothingIsLeftWaiting() throws Exception {
        SampleEvents sample = new SampleEvents(5);
        try (LogStore store = EmbeddedStore.open(dir); ExecutorService callers = Executors.newFixedThreadPool(8)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            List<Future<?>> calls = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                List<List<Event>> batches = new ArrayList<>();
                for (int b = 0; b < 25; b++) {
                    List<Event> events = new ArrayList<>();
                    for (int i = 0; i < 200; i++) events.add(sample.next(Instant.now()));
                    batches.add(events);
                }
                calls.add(callers.submit(() -> {
                    for (List<Event> batch : batches) {
                        String id = store.append("acme", batch).getLast().entry().id();
                        assertThat(store.entry("acme", id)).as("entry %s read right after its acknowledgement", id).isPresent();
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) call.get();
            assertThat(store.query("acme", EntryQuery.all().withCount(true)).total()).isEqualTo(8 * 25 * 200);
            assertThat(store.unappliedBytes()).isZero();
        }
    }
}
