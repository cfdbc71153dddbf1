package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityTest {
    private static final Instant NOW = Instant.parse("2026-11-30T15:50:00Z");

    @TempDir
    Path dir;

    /** 5 entries recorded early on 31 Oct, before the time of day it is now. */
    private LogStore storeWithEntriesEarlyOn31October() {
        Instant early = Instant.parse("2026-10-31T06:00:00Z");
        try (LogStore seeding = EmbeddedStore.open(dir, Clock.fixed(early, ZoneOffset.UTC))) {
            seeding.createTenant(new Tenant("acme", "Acme", early));
            seeding.append("acme", IntStream.range(0, 5).mapToObj(i -> new Event("invoice.created", EventType.CREATED, "billing",
                    null, null, null, null, List.of(), null, null, Event.SUCCESS, null, null, null)).toList());
        }
        return EmbeddedStore.open(dir);
    }

    @Test
    void withoutFromTheFirstDayOfTheLast30IsCountedWhole() {
        try (LogStore store = storeWithEntriesEarlyOn31October()) {
            Activity.Chart chart = Activity.chart(store, "acme", EntryQuery.all(), NOW);

            assertThat(chart.unit()).isEqualTo("day");
            assertThat(chart.range()).as("said beside the heading: the count is of the whole view").isEqualTo("last 30 days");
            assertThat(chart.bars().getFirst().label()).isEqualTo("31 Oct");
            assertThat(chart.bars().getFirst().count()).as("entries at 06:00, before now's time of day").isEqualTo(5);
            assertThat(chart.bars().getLast().label()).isEqualTo("30 Nov");
        }
    }
}
