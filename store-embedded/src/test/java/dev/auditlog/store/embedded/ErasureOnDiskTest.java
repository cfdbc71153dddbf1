package dev.auditlog.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.core.store.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure must not leave the person's name or e-mail in the database files: DuckDB writes updates to its
 * WAL and keeps superseded column blocks until a checkpoint, so the store checkpoints after every erasure.
 */
class ErasureOnDiskTest {
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
    private static final String NAME = "Xanthippe Wolkenstein";
    private static final String EMAIL = "xanthippe.wolkenstein@example.org";

    @TempDir
    Path dir;

    /**
     * Appends and erases in one session: the raw name is then in the WAL (the control), and the erasure's
     * checkpoint writes only the scrubbed rows into the database file and empties the WAL. What this cannot
     * show, and DuckDB does not promise, is that blocks already checkpointed before the erasure are wiped:
     * DuckDB marks superseded blocks free without zeroing them (docs/GOVERNANCE.md).
     */
    @Test
    void afterAnErasureNoFileOfTheDataDirectoryHoldsTheNameOrEmail() throws IOException {
        TestClock clock = new TestClock(START);
        try (LogStore store = EmbeddedStore.open(dir, clock)) {
            store.createTenant(new Tenant("acme", "Acme", START));
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                boolean subject = i % 10 == 0;
                Actor actor = subject ? new Actor("user", "u_x", NAME, EMAIL) : new Actor("user", "u_" + i, "Someone " + i, null);
                events.add(new Event("doc.viewed", EventType.READ, "docs", actor.name() + " viewed doc " + i, null, actor, null,
                        List.of(), subject ? "198.51.100.4" : null, null, Event.SUCCESS, null, null, null));
            }
            store.append("acme", events);
            assertThat(filesContaining(NAME)).as("control: the raw name is on disk before the erasure").isNotEmpty();

            assertThat(store.erase("acme", "u_x").entries()).isEqualTo(200);
            assertThat(filesContaining(NAME)).as("right after the erasure, store still open").isEmpty();
            assertThat(filesContaining(EMAIL)).isEmpty();
        }
        assertThat(filesContaining(NAME)).isEmpty();
        assertThat(filesContaining(EMAIL)).isEmpty();
    }

    private List<Path> filesContaining(String text) throws IOException {
        return DataFiles.containing(dir, text);
    }
}
