package dev.auditlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.sample.SampleEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bodies the HTTP section sends are what the server's own parser reads back into the same events. */
class EventJsonTest {
    private final EventParser parser = new EventParser(Clock.systemUTC());

    @Test
    void sampleEventsSurviveTheRoundTripThroughTheServersParser() {
        SampleEvents sample = new SampleEvents(3);
        Instant at = Instant.parse("2026-11-21T10:00:00.123Z");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) events.add(sample.next(at));
        assertThat(parser.parse(EventJson.body(events), false)).isEqualTo(events);
        assertThat(parser.parse(EventJson.body(events.subList(0, 1)), false)).isEqualTo(events.subList(0, 1));
    }
}
