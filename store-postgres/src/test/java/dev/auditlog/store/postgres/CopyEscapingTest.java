package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries are written with COPY's text format: characters it treats specially must come back unchanged. */
class CopyEscapingTest {
    @TempDir
    Path dir;

    @Test
    void tabsNewlinesBackslashesAndNullMarkersSurviveTheRoundTripAndAnErasure() {
        String nasty = "tab\there\nnew line\r\\N back\\slash \\x00 ünïcødé 🚀 \u0001";
        var metadata = JsonNodeFactory.instance.objectNode().put("path", "C:\\temp\\new\tfile").put("nl", "a\nb");
        Event e = new Event("file.uploaded", EventType.CREATED, "files", nasty, null,
                new Actor("user", "u\\1", "Name\twith tab", "a@example.com"), new Target("file", "f\n1", "\\N", null),
                List.of(new Concern("user", "u_42", "Ada\\Lovelace")), null, "agent\\1", "success", null, metadata, "key\t1");
        try (LogStore store = PostgresStore.open(TestDatabases.fresh(), dir, Clock.systemUTC())) {
            store.createTenant(new Tenant("acme", "Acme", Instant.now()));
            Entry stored = store.append("acme", List.of(e)).getFirst().entry();
            assertThat(store.entry("acme", stored.id()).orElseThrow().event()).isEqualTo(e);
            assertThat(store.verify("acme").ok()).isTrue();

            // the erasure copies the scrubbed personal columns through a temporary table the same way
            store.erase("acme", "u_42");
            Event erased = store.entry("acme", stored.id()).orElseThrow().event();
            assertThat(erased.description()).isEqualTo(nasty);
            assertThat(erased.actor()).isEqualTo(e.actor());
            assertThat(erased.metadata()).isEqualTo(metadata);
            assertThat(erased.userAgent()).isEqualTo("agent\\1");
            assertThat(erased.concerns().getFirst().name()).startsWith("subject-");
            assertThat(store.verify("acme").ok()).isTrue();
        }
    }
}
