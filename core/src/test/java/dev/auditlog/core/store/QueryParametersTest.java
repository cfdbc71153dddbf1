package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParametersTest {
    private final QueryParameters parameters = new QueryParameters(new TestClock(Instant.parse("2026-11-21T10:00:00Z")));

    private EntryQuery parse(String name, String value) {
        return parameters.parse(Map.of(name, value));
    }

    private InvalidQueryException rejection(String name, String value) {
        return catchThrowableOfType(InvalidQueryException.class, () -> parse(name, value));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:0DB8:0000::0001, 2001:db8::1",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        "::FFFF:203.0.113.7, ::ffff:203.0.113.7",
        "203.0.113.7, 203.0.113.7",
    })
    void anIpFilterIsComparedInTheCanonicalFormIngestStores(String given, String compared) {
        assertThat(parse("ip", given).ip()).isEqualTo(compared);
    }

    @ParameterizedTest
    @CsvSource({
        "ip, notanip", "ip, 203.0.113.007", "ip, 2001:db8::1::2",
        "channel, BAD!", "channel, Billing", "channel, -leading-dash",
        "action, has space", "action, slash/x",
        "actor_type, robot", "actor_type, System",
    })
    void aFilterValueNoEntryCanHoldIsRejectedNamingTheParameter(String name, String value) {
        InvalidQueryException e = rejection(name, value);
        assertThat(e.parameter()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name + " must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q", "actor", "concerns", "target_id", "target_type", "channel"})
    void aControlCharacterInAnyFilterIsRejectedAsNoEntryCanHoldIt(String name) {
        InvalidQueryException e = rejection(name, "a\u0000b");
        assertThat(e.parameter()).isEqualTo(name);
        assertThat(e.getMessage()).isEqualTo(name + " must not contain control characters (found U+0000 at position 1)");
    }

    @Test
    void fromAfterToIsRefusedRatherThanAnsweredWithNoEntries() {
        InvalidQueryException e = catchThrowableOfType(InvalidQueryException.class,
                () -> parameters.parse(Map.of("from", "2026-11-20", "to", "2026-11-19")));
        assertThat(e.parameter()).isEqualTo("from");
        assertThat(e.getMessage()).isEqualTo("from (2026-11-20T00:00:00Z) is after to (2026-11-19T23:59:59.999Z)");
        assertThat(parameters.parse(Map.of("from", "2026-11-20", "to", "2026-11-20")).from()).as("one whole day")
                .isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    }

    @Test
    void aPeriodThatDoesNotOverlapFromAndToIsRefused() {
        InvalidQueryException e = catchThrowableOfType(InvalidQueryException.class,
                () -> parameters.parse(Map.of("period", "last_month", "from", "2026-11-20")));
        assertThat(e.parameter()).isEqualTo("period");
        assertThat(e.getMessage()).startsWith("period last_month (2026-10-01T00:00:00Z to ").endsWith("does not overlap from/to: together they match nothing");
        assertThat(parameters.parse(Map.of("period", "this_month", "from", "2026-11-20")).from()).as("an overlap narrows")
                .isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    }

    @Test
    void aSearchMayHoldTheLineBreaksADescriptionMayHold() {
        assertThat(new QueryParameters(java.time.Clock.systemUTC()).parse(java.util.Map.of("q", "first line\nsecond")).q())
                .isEqualTo("first line\nsecond");
    }

    @Test
    void filterValuesIngestAcceptsAreKeptAsGiven() {
        EntryQuery q = parameters.parse(Map.of("channel", "pii-read", "action", "Invoice.created:v2", "actor_type", "system"));
        assertThat(q.channel()).isEqualTo("pii-read");
        assertThat(q.action()).isEqualTo("Invoice.created:v2");
        assertThat(q.actorType()).isEqualTo("system");
    }

    @Test
    void anActionLongerThanIngestAllowsIsRejected() {
        assertThat(parse("action", "a".repeat(100)).action()).hasSize(100);
        assertThat(rejection("action", "a".repeat(101)).parameter()).isEqualTo("action");
    }
}
