package dev.auditlog.core.entry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeafTemplateTest {
    @Test
    void aFilledTemplateHashesExactlyLikeTheFullEncoding() {
        SampleEvents sample = new SampleEvents(5);
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            Instant recorded = Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(100_000_000_000L));
            Event event = sample.next(recorded.minusSeconds(random.nextInt(1000)));
            byte[] salt = EntryIds.newSalt();
            String id = EntryIds.newId(recorded.toEpochMilli());
            long seq = random.nextLong(1L << 53); // JCS numbers are doubles: seqs stay below 2^53
            Entry entry = new Entry("t", id, seq, recorded, event, salt, null, null);
            assertThat(LeafTemplate.of(event, salt).leafHash(id, seq, recorded))
                    .as("event %d", i).isEqualTo(LeafEncoding.leafHash(entry));
        }
    }

    @Test
    void aTemplateWorksForEventsWithoutOptionalFields() {
        Event bare = new Event("a", dev.auditlog.core.event.EventType.OTHER, "default", null, null, null, null,
                java.util.List.of(), null, null, "success", null, null, null);
        byte[] salt = EntryIds.newSalt();
        Instant now = Instant.parse("2026-11-21T10:00:00.123Z");
        Entry entry = new Entry("t", "id-1", 0, now, bare, salt, null, null);
        assertThat(LeafTemplate.of(bare, salt).leafHash("id-1", 0, now))
                .isEqualTo(LeafEncoding.leafHash(entry));
    }
}
