package dev.auditlog.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.auditlog.core.event.Times;
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
        "channel, BAD!", "channel, -leading-dash", "channel, \u212Abilling",
        "action, has space", "action, slash/x",
        "actor_type, robot", "actor_type, System",
    })
    void aFilterValueNoEntryCanHoldIsRejectedNamingTheParameter(String name, String value) {
        InvalidQueryException e = rejection(name, value);
        assertThat(e.parameter()).isEqualTo(name);
        assertThat(e.getMessage()).startsWith(name + " must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "-5", "0", "1001", "\uFF15", "\u0665", "5.0", " 5x", "99999999999999999999"})
    void aLimitIsOneToAThousandInAsciiDigitsOnly(String value) {
        InvalidQueryException e = rejection("limit", value);
        assertThat(e.parameter()).isEqualTo("limit");
        assertThat(e.getMessage()).isEqualTo("limit must be a whole number from 1 to 1000");
    }

    @Test
    void aLimitInAsciiDigitsIsTaken() {
        assertThat(parse("limit", "007").limit()).isEqualTo(7);
        assertThat(parse("limit", "1000").limit()).isEqualTo(1000);
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

    /**
     * A bound is a bare date or what ingest takes in {@code occurred_at}, an RFC 3339 date-time: no more lenient, so a
     * malformed bound is reported rather than read somehow. A leap second is refused by both, as Java's time has none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T12:00Z", "2026-11-30T12:00:00.Z", "2026-11-30T12:00:00+05", "2026-11-30T12:00:00+0500",
            "2026-11-30T12:00:00", "2026-11-30 12:00:00Z", "2026-11-30T23:59:60Z", "2026-11-30Z", "20261130", "2026-02-29"})
    void aTimeIngestRefusesAsOccurredAtIsRefused(String value) {
        assertThatThrownBy(() -> Times.parse(value)).as("ingest's occurred_at").isInstanceOf(IllegalArgumentException.class);
        for (String name : new String[] {"from", "to"}) {
            InvalidQueryException e = rejection(name, value);
            assertThat(e.parameter()).isEqualTo(name);
            assertThat(e.getMessage()).isEqualTo(name + " must be a date (2026-11-21) or an RFC 3339 time (2026-11-21T10:00:00Z)");
        }
    }

    /** What the web page and verify read from a query, as the query takes it: ids as they are, other values stripped. */
    @Test
    void aValueIsTakenAsTheQueryTakesItIdsWithTheirWhiteSpace() {
        assertThat(QueryParameters.given("actor", "  ")).isEqualTo("  ");
        assertThat(QueryParameters.given("concerns", "u_1\u3000")).isEqualTo("u_1\u3000");
        assertThat(QueryParameters.given("target_id", "")).isNull();
        assertThat(QueryParameters.given("channel", " billing ")).isEqualTo("billing");
        assertThat(QueryParameters.given("q", "   ")).isNull();
        assertThat(QueryParameters.given("q", null)).isNull();
    }

    /** An offset's + typed into an address arrives as a space: the refusal says how to write it. */
    @Test
    void anOffsetWhosePlusTheQueryReadAsASpaceIsRefusedWithHowToWriteIt() {
        assertThat(rejection("from", "2026-11-30T12:00:00 05:30").getMessage())
                .endsWith("; a + in an address's query reads as a space, so write an offset's + as %2B (2026-11-21T10:00:00%2B05:30)");
        assertThat(rejection("to", "2026-11-30T12:00:00.250 05:30").getMessage()).contains("%2B");
    }

    /** Every digit of a time is kept: the store counts a finer {@code from} from the next millisecond, a finer {@code to} up to its own. */
    @ParameterizedTest
    @CsvSource({
        "2026-11-30t12:00:00z, 2026-11-30T12:00:00Z",
        "2026-11-30T12:00:00+05:00, 2026-11-30T07:00:00Z",
        "2026-11-30T12:00:00.746999-09:45, 2026-11-30T21:45:00.746999Z",
        "2026-11-30T12:00:00.123456789Z, 2026-11-30T12:00:00.123456789Z",
    })
    void aTimeIngestTakesIsTakenToItsLastDigit(String value, String instant) {
        assertThat(parse("from", value).from()).isEqualTo(Instant.parse(instant));
        assertThat(parse("to", value).to()).isEqualTo(Instant.parse(instant));
    }

    @Test
    void aBareDateIsTheWholeUtcDay() {
        assertThat(parse("from", "2024-02-29").from()).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(parse("to", "2024-02-29").to()).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
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
    void aChannelInCapitalsMeansTheLowerCaseOneSinceEveryChannelIsLowerCase() {
        assertThat(parse("channel", "Billing").channel()).isEqualTo("billing");
    }

    @Test
    void aChannelNoEntryCanHoldIsTheRuleInWordsToo() {
        assertThat(rejection("channel", "Bad Channel!").getMessage()).isEqualTo("channel must match [a-z0-9][a-z0-9_.-]{0,63}, "
                + "capitals read as lower case: 1 to 64 letters, digits, '_', '.' or '-', the first a letter or digit");
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
