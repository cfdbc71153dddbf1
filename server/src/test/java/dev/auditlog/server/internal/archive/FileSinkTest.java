package dev.auditlog.server.internal.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    /** The archive holds every name, e-mail address and salt of the log: no other user of the machine may read it. */
    @Test
    void theArchiveItMakesIsOwnerOnlyAndHoldsOneLinePerEntry(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("archives").resolve("acme");
        FileSink sink = new FileSink(dir, Clock.fixed(NOW, ZoneOffset.UTC));

        sink.deliver("acme", List.of(entry(0), entry(1)));
        sink.deliver("acme", List.of(entry(2)));

        Path file = dir.resolve("acme-2026-11-30.ndjson");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(file)).hasSize(3).allMatch(line -> line.contains("ada@example.com"));
    }

    private static Entry entry(long seq) {
        Event event = new Event("user.updated", EventType.UPDATED, "people", "Profile updated", null,
                new Actor(Actor.USER, "u_1", "Ada Lovelace", "ada@example.com"), null, List.of(), null, null, Event.SUCCESS,
                null, null, null);
        Entry e = new Entry("acme", EntryIds.newId(NOW.toEpochMilli()), seq, NOW, event, EntryIds.newSalt(), null, null);
        return new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), e.event(), e.salt(), null, LeafEncoding.leafHash(e));
    }
}
