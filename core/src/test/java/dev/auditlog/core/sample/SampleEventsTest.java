package dev.auditlog.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The demo's and the benchmarks' sample events tell a consistent story. */
class SampleEventsTest {
    @Test
    void salaryViewsAndSignInsAreByThePersonTheyNameFromAnAddressWithABrowser() {
        SampleEvents samples = new SampleEvents(42);
        var personal = IntStream.range(0, 3_000).mapToObj(i -> samples.next(Instant.parse("2026-11-01T00:00:00Z")))
                .filter(e -> e.action().equals("salary.viewed") || e.action().equals("user.login")).toList();

        assertThat(personal).hasSizeGreaterThan(500).allSatisfy(e -> {
            assertThat(e.actor().type()).isEqualTo(Actor.USER);
            assertThat(e.ip()).isNotNull();
            assertThat(e.userAgent()).startsWith("Mozilla/5.0");
        });
        assertThat(personal).filteredOn(e -> e.action().equals("salary.viewed"))
                .allSatisfy(e -> assertThat(e.description()).startsWith(e.actor().name() + " viewed the salary of "));
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        Event a = new SampleEvents(7).next(Instant.EPOCH);
        Event b = new SampleEvents(7).next(Instant.EPOCH);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void onlyADeletionAskedForDeletesSoTheBenchmarksLogsHoldNone() {
        SampleEvents samples = new SampleEvents(42);
        assertThat(IntStream.range(0, 3_000).mapToObj(i -> samples.next(Instant.EPOCH)))
                .noneMatch(e -> e.event() == EventType.DELETED);
        Event deletion = samples.deletion(Instant.EPOCH);
        assertThat(deletion.event()).isEqualTo(EventType.DELETED);
        assertThat(deletion.changes().get("status").get("old").asText()).isEqualTo("draft");
        assertThat(deletion.actor().type()).isEqualTo(Actor.USER);
    }
}
