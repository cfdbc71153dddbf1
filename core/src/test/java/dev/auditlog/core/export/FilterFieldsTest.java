package dev.auditlog.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryIds;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a filter looks at in an exported entry reads the same through {@link FilterFields} as through the whole entry. */
class FilterFieldsTest {
    @Test
    void everyMemberAFilterLooksAtIsReadAsTheWholeEntryReadsIt() throws Exception {
        SampleEvents sample = new SampleEvents(7);
        Instant t0 = Instant.parse("2026-11-20T10:00:00.123Z");
        for (int seq = 0; seq < 2_000; seq++) {
            Instant at = t0.plusMillis(seq * 977L);
            Entry unhashed = new Entry("acme", EntryIds.newId(at.toEpochMilli()), seq, at, sample.next(at), EntryIds.newSalt(), null, null);
            Entry entry = new Entry("acme", unhashed.id(), seq, at, unhashed.event(), unhashed.salt(), null, LeafEncoding.leafHash(unhashed));
            byte[] json = EntryJson.toExportJson(entry).toString().getBytes(StandardCharsets.UTF_8);
            byte[] padded = new byte[json.length + 10];
            System.arraycopy(json, 0, padded, 5, json.length);

            Entry read = FilterFields.read(padded, 5, 5 + json.length);
            Event want = entry.event();
            Event got = read.event();
            assertThat(read.recordedAt()).isEqualTo(entry.recordedAt());
            assertThat(got.action()).isEqualTo(want.action());
            assertThat(got.event()).isEqualTo(want.event());
            assertThat(got.channel()).isEqualTo(want.channel());
            assertThat(got.description()).isEqualTo(want.description());
            assertThat(got.actor()).isEqualTo(want.actor());
            assertThat(got.target()).isEqualTo(want.target());
            assertThat(got.concerns()).isEqualTo(want.concerns());
            assertThat(got.ip()).isEqualTo(want.ip());
            assertThat(got.status()).isEqualTo(want.status());
        }
    }
}
