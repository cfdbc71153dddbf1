package dev.auditlog.server.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryRowTest {
    private static final Instant RECORDED = Instant.parse("2026-11-30T15:53:39Z");

    private static EntryRow rowOccurredAt(Instant occurred) {
        return row("Salary changed", occurred);
    }

    private static EntryRow row(String description, Instant occurred) {
        Event event = new Event("salary.updated", EventType.UPDATED, "hr", description, occurred, null, null, List.of(), null,
                null, Event.SUCCESS, null, null, null);
        return EntryRow.of(new Entry("acme", "e1", 0, RECORDED, event, new byte[16], new byte[32], new byte[32]), RECORDED);
    }

    private static EntryRow withTarget(Target target, boolean erased) {
        Event event = new Event("user.viewed", EventType.READ, "crm", null, null, null, target, List.of(), null, null,
                Event.SUCCESS, null, null, null);
        return EntryRow.of(new Entry("acme", "e1", 0, RECORDED, event, erased ? null : new byte[16], erased ? new byte[32] : null,
                new byte[32]), RECORDED);
    }

    /** An erasure put the pseudonym where the person was: the url names no page any more, so it is no link. */
    @Test
    void anErasedUrlHoldingAPseudonymIsNoLink() {
        Target erased = new Target("user", "u_42", "subject-018735d2bc4c", "https://app.example.com/people/subject-018735d2bc4c");
        Target kept = new Target("invoice", "9", "Invoice 9", "https://app.example.com/invoices/9");
        assertThat(withTarget(erased, true).targetUrl()).isNull();
        assertThat(withTarget(erased, true).targetLabel()).isEqualTo("user subject-018735d2bc4c");
        assertThat(withTarget(kept, true).targetUrl()).isEqualTo("https://app.example.com/invoices/9");
        assertThat(withTarget(erased, false).targetUrl()).as("not erased: the client sent it so")
                .isEqualTo("https://app.example.com/people/subject-018735d2bc4c");
    }

    @Test
    void aTargetWithOnlyAUrlIsLinkedUnderItsUrl() {
        EntryRow row = withTarget(new Target(null, null, null, "https://x.example/a"), false);
        assertThat(row.targetLabel()).isEqualTo("https://x.example/a");
        assertThat(row.targetUrl()).isEqualTo("https://x.example/a");
    }

    /** The before → after table writes a number as the JSON beside it does: 12345678.9, not Java's 1.23456789E7. */
    @Test
    void theChangesTableWritesDecimalsAsTheApiDoes() throws Exception {
        Event event = new Event("price.updated", EventType.UPDATED, "shop", null, null, null, null, List.of(), null, null, Event.SUCCESS,
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"price\":{\"old\":1E7,\"new\":12345678.9},"
                        + "\"dims\":{\"old\":null,\"new\":{\"w\":0.0001}}}"), null, null);
        EntryRow row = EntryRow.of(new Entry("acme", "e1", 0, RECORDED, event, new byte[16], new byte[32], new byte[32]), RECORDED);
        assertThat(row.changes()).containsExactly(new EntryRow.Change("price", "10000000.0", "12345678.9"),
                new EntryRow.Change("dims", "—", "{\"w\":0.0001}"));
    }

    /** Details shows the JSON as browsers' and editors' tools lay it out, not in Jackson's own spacing. */
    @Test
    void detailsLaysTheJsonOutAsJsonStringifyDoes() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Event event = new Event("role.updated", EventType.UPDATED, "hr", null, null, null, null, List.of(), null, null, Event.SUCCESS,
                mapper.readTree("{\"roles\":{\"old\":[],\"new\":[\"admin\",\"viewer\"]}}"),
                mapper.readTree("{\"request\":{}}"), null);
        EntryRow row = EntryRow.of(new Entry("acme", "e1", 0, RECORDED, event, new byte[16], new byte[32], new byte[32]), RECORDED);
        assertThat(row.detailsJson()).isEqualTo("""
                {
                  "changes": {
                    "roles": {
                      "old": [],
                      "new": [
                        "admin",
                        "viewer"
                      ]
                    }
                  },
                  "metadata": {
                    "request": {}
                  }
                }""");
    }

    @Test
    void aLongDescriptionIsCutInTheHeadingAndShownWholeBelowIt() {
        EntryRow longOne = row("d".repeat(60_000), null);
        assertThat(longOne.heading()).hasSize(200).endsWith("…");
        assertThat(longOne.longDescription()).isTrue();

        EntryRow usual = row("Salary changed", null);
        assertThat(usual.heading()).isEqualTo("Salary changed");
        assertThat(usual.longDescription()).isFalse();
    }

    @Test
    void aRowSaysWhenTheActionHappenedWhenThatIsAMinuteOrMoreFromWhenItWasRecorded() {
        EntryRow late = rowOccurredAt(Instant.parse("2026-11-30T15:32:10Z"));

        assertThat(late.time()).as("When stays the recorded time, as the filters use").isEqualTo("15:53:39 UTC");
        assertThat(late.occurredApart()).as("the day is When's").isEqualTo("15:32:10 UTC");
    }

    @Test
    void aRowSaysOnlyTheDayAnActionHappenedOnAnotherDayAndItsTooltipTheTime() {
        EntryRow dayLate = rowOccurredAt(Instant.parse("2026-11-29T13:53:39Z"));

        assertThat(dayLate.occurredApart()).isEqualTo("29 Nov 2026");
        assertThat(dayLate.occurred()).isEqualTo("29 Nov 2026 13:53:39 UTC");
    }

    @Test
    void aRowSaysNothingMoreWhenTheActionWasRecordedWithinAMinuteOrGaveNoTime() {
        assertThat(rowOccurredAt(RECORDED.minusSeconds(59)).occurredApart()).isNull();
        assertThat(rowOccurredAt(null).occurredApart()).isNull();
        assertThat(rowOccurredAt(RECORDED.minusSeconds(59)).occurred()).as("the entry page shows it all the same").isNotNull();
    }
}
