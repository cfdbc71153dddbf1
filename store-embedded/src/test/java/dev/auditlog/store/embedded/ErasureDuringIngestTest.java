package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure (like a prune) ends with a DuckDB CHECKPOINT, which DuckDB refuses while another write transaction
 * is open; appends go on meanwhile, and behind them the journal applier writes into DuckDB. The checkpoint
 * must wait for a moment between the applier's transactions, not fail the erasure.
 */
class ErasureDuringIngestTest {
    @TempDir
    Path dir;

    private static List<Event> batch(int n, String actorId) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Actor actor = new Actor("user", actorId, "Person " + actorId, null);
            events.add(new Event("doc.viewed", EventType.READ, "docs", "viewed doc " + i, null, actor, null,
                    List.of(), null, null, Event.SUCCESS, null, null, null));
        }
        return events;
    }

    @Test
    void erasuresSucceedWhileAppendsKeepTheApplierWriting() throws Exception {
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> appending = CompletableFuture.supplyAsync(() -> {
                long appended = 0;
                while (!stop.get() && appended < 100_000) { // an erasure reads the whole log: keep it small
                    store.append("acme", batch(50, "u_other"));
                    appended += 50;
                }
                return appended;
            });
            try {
                for (int i = 0; i < 20; i++) {
                    store.append("acme", batch(5, "u_" + i));
                    assertThat(store.erase("acme", "u_" + i).entries()).isEqualTo(5);
                }
            } finally {
                stop.set(true);
            }
            assertThat(appending.get()).isPositive();
            assertThat(store.verify("acme").ok()).isTrue();
        }
    }
}
