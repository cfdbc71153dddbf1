package dev.auditlog.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private List<Event> parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), false);
    }

    private Event parseOne(String body) {
        return parse(body).get(0);
    }

    private List<FieldError> errors(String body) {
        return errors(body.getBytes(StandardCharsets.UTF_8), false);
    }

    private List<FieldError> errors(byte[] body, boolean ndjson) {
        return catchThrowableOfType(EventValidationException.class, () -> parser.parse(body, ndjson)).errors();
    }

    private static String event(String extraMembers) {
        return "{\"action\":\"invoice.created\"" + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}";
    }

    @Test
    void readsTheContractExample() {
        Event e = parseOne("""
                {
                  "action": "hardware.assigned",
                  "event": "updated",
                  "channel": "hardware",
                  "description": "Hardware #142 assigned to Ada Lovelace",
                  "occurred_at": "2026-11-21T10:00:00Z",
                  "actor":   {"type": "user", "id": "u_17", "name": "Grace Hopper", "email": "grace@example.com"},
                  "target":  {"type": "hardware", "id": "142", "name": "MacBook Pro 14", "url": "https://app.example.com/hardware/142"},
                  "concerns": [{"type": "user", "id": "u_42", "name": "Ada Lovelace"}],
                  "ip": "203.0.113.7",
                  "user_agent": "Mozilla/5.0 …",
                  "status": "success",
                  "changes": {"assignee": {"old": null, "new": "u_42"}},
                  "metadata": {"request_id": "r-981"},
                  "idempotency_key": "r-981-1"
                }""");
        assertThat(e.action()).isEqualTo("hardware.assigned");
        assertThat(e.event()).isEqualTo(EventType.UPDATED);
        assertThat(e.channel()).isEqualTo("hardware");
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.actor()).isEqualTo(new Actor("user", "u_17", "Grace Hopper", "grace@example.com"));
        assertThat(e.target()).isEqualTo(new Target("hardware", "142", "MacBook Pro 14", "https://app.example.com/hardware/142"));
        assertThat(e.concerns()).containsExactly(new Concern("user", "u_42", "Ada Lovelace"));
        assertThat(e.ip()).isEqualTo("203.0.113.7");
        assertThat(e.userAgent()).isEqualTo("Mozilla/5.0 …");
        assertThat(e.changes().toString()).isEqualTo("{\"assignee\":{\"old\":null,\"new\":\"u_42\"}}");
        assertThat(e.metadata().get("request_id").textValue()).isEqualTo("r-981");
        assertThat(e.idempotencyKey()).isEqualTo("r-981-1");
    }

    @Test
    void appliesDefaultsAndLeavesAbsentFieldsNull() {
        Event e = parseOne("{\"action\":\"login\"}");
        assertThat(e.channel()).isEqualTo("default");
        assertThat(e.status()).isEqualTo("success");
        assertThat(e.event()).isEqualTo(EventType.OTHER);
        assertThat(e.occurredAt()).isNull();
        assertThat(e.actor()).isNull();
        assertThat(e.bySystem()).isTrue();
        assertThat(e.concerns()).isEmpty();
        assertThat(e.changes()).isNull();
    }

    @Test
    void treatsJsonNullAsAbsent() {
        Event e = parseOne(event("\"channel\":null,\"actor\":null,\"ip\":null,\"metadata\":null"));
        assertThat(e.channel()).isEqualTo("default");
        assertThat(e.actor()).isNull();
        assertThat(e.metadata()).isNull();
    }

    @Test
    void collectsEveryErrorOfEveryEventWithItsPointer() {
        String body = "[" + event("") + ",{\"event\":\"banana\"}," + event("")
                + "," + event("\"actor\":{\"email\":\"not an address\"},\"ip\":\"999.1.1.1\"") + "]";
        assertThat(errors(body)).extracting(FieldError::pointer).containsExactlyInAnyOrder(
                "/events/1/action", "/events/1/event", "/events/3/actor/email", "/events/3/ip");
    }

    @Test
    void usesIndexZeroForASingleObject() {
        assertThat(errors("{\"action\":\"\"}")).extracting(FieldError::pointer).containsExactly("/events/0/action");
    }

    @Test
    void requiresAnAction() {
        assertThat(errors("{\"channel\":\"x\"}")).containsExactly(new FieldError("/events/0/action", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "invoice.created", "user:login", "A-b_c.d:e", "0"})
    void acceptsActionsOfTheAllowedAlphabet(String action) {
        assertThat(parseOne("{\"action\":\"" + action + "\"}").action()).isEqualTo(action);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "slash/x", "ümlaut", "<script>"})
    void rejectsActionsOutsideTheAlphabet(String action) {
        assertThat(errors("{\"action\":\"" + action + "\"}")).extracting(FieldError::pointer).containsExactly("/events/0/action");
    }

    @Test
    void limitsActionsTo100Characters() {
        assertThat(parseOne("{\"action\":\"" + "a".repeat(100) + "\"}").action()).hasSize(100);
        assertThat(errors("{\"action\":\"" + "a".repeat(101) + "\"}")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "invoice.created, created", "invoice.create, created", "user_created, created",
        "invoice.updated, updated", "settings:update, updated",
        "invoice.deleted, deleted", "key-delete, deleted", "member.removed, deleted", "member.remove, deleted",
        "invoice.read, read", "page.viewed, read", "page.view, read", "pii.accessed, read",
        "report.exported, read", "export.downloaded, read",
        "member.added, created", "tag.add, created", "row.inserted, created", "row.insert, created",
        "user.registered, created", "device.register, created",
        "profile.edited, updated", "profile.edit, updated", "password.changed, updated", "email_change, updated",
        "record.modified, updated", "record.modify, updated", "project.renamed, updated", "file:rename, updated",
        "workspace.destroyed, deleted", "vm.destroy, deleted", "cache.purged, deleted", "trash-purge, deleted",
        "invoice.get, read", "invoices.listed, read", "users.list, read", "customers.searched, read", "orders.search, read",
        "api_key.revoked, other", "token.revoke, other", "ticket.opened, other",
        "hardware.assigned, other", "login, other", "user.logout, other", "created.by_admin, other", "Invoice.CREATED, created",
        "invoice.created., other",
        "userCreated, created", "UserCreate, created", "invoice.markDeleted, deleted", "v2Updated, updated",
        "USERCREATED, other", "user.HTTPGet, other",
    })
    void derivesTheEventTypeFromTheActionsLastWord(String action, String expected) {
        assertThat(EventType.derive(action).wire()).isEqualTo(expected);
        assertThat(parseOne("{\"action\":\"" + action + "\"}").event().wire()).isEqualTo(expected);
    }

    @Test
    void anExplicitEventTypeWinsOverTheDerivedOne() {
        assertThat(parseOne(event("\"event\":\"deleted\"")).event()).isEqualTo(EventType.DELETED);
    }

    @Test
    void rejectsUnknownEventTypes() {
        assertThat(errors(event("\"event\":\"Created\""))).extracting(FieldError::pointer).containsExactly("/events/0/event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hardware", "pii-read", "a", "0.x_y-z"})
    void acceptsChannels(String channel) {
        assertThat(parseOne(event("\"channel\":\"" + channel + "\"")).channel()).isEqualTo(channel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hardware", "-x", "_x", "a b", "é"})
    void rejectsChannelsOutsideThePattern(String channel) {
        assertThat(errors(event("\"channel\":\"" + channel + "\""))).extracting(FieldError::pointer)
                .containsExactly("/events/0/channel");
    }

    @Test
    void limitsChannelsTo64Characters() {
        assertThat(parseOne(event("\"channel\":\"" + "c".repeat(64) + "\"")).channel()).hasSize(64);
        assertThat(errors(event("\"channel\":\"" + "c".repeat(65) + "\""))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "integration", "system"})
    void acceptsTheThreeActorTypes(String type) {
        assertThat(parseOne(event("\"actor\":{\"type\":\"" + type + "\",\"id\":\"x\"}")).actor().type()).isEqualTo(type);
    }

    @Test
    void rejectsOtherActorTypes() {
        assertThat(errors(event("\"actor\":{\"type\":\"robot\"}"))).extracting(FieldError::pointer)
                .containsExactly("/events/0/actor/type");
    }

    @Test
    void anActorSentWithoutATypeHasNoneRatherThanOneTheSenderDidNotSay() {
        assertThat(parseOne(event("\"actor\":{\"id\":\"u_1\"}")).actor()).isEqualTo(new Actor(null, "u_1", null, null));
    }

    @Test
    void anEmptyActorMeansTheSystem() {
        assertThat(parseOne(event("\"actor\":{}")).actor()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace@example.com", "a.b+tag@mail.example.co.uk", "x@y.io", "o'hara@example.com"})
    void acceptsEmailAddresses(String email) {
        assertThat(parseOne(event("\"actor\":{\"email\":\"" + email + "\"}")).actor().email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace", "grace@", "@example.com", "grace@example", "grace hopper@example.com",
        "a@b@example.com", "grace@example..com", "grace@.example.com", "grace@example.com."})
    void rejectsStringsThatAreNotEmailAddresses(String email) {
        assertThat(errors(event("\"actor\":{\"email\":\"" + email + "\"}"))).extracting(FieldError::pointer)
                .containsExactly("/events/0/actor/email");
    }

    @Test
    void limitsEmailAddressesTo254Characters() {
        String email = "a@" + "b".repeat(248) + ".com";
        assertThat(email).hasSize(254);
        assertThat(parseOne(event("\"actor\":{\"email\":\"" + email + "\"}")).actor().email()).isEqualTo(email);
        assertThat(errors(event("\"actor\":{\"email\":\"a" + email + "\"}"))).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "0.0.0.0, 0.0.0.0",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    })
    void acceptsIpAddressesAndStoresTheCanonicalForm(String ip, String canonical) {
        assertThat(parseOne(event("\"ip\":\"" + ip + "\"")).ip()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "1.2.3", "256.0.0.1", "01.2.3.4", "1.2.3.4/24", "::1::",
        "fe80::1%eth0", " 1.2.3.4", "0x7f.0.0.1", ""})
    void rejectsAnythingButIpLiterals(String ip) {
        assertThat(errors(event("\"ip\":\"" + ip + "\""))).extracting(FieldError::pointer).containsExactly("/events/0/ip");
    }

    @Test
    void acceptsSuccessAndErrorStatusOnly() {
        assertThat(parseOne(event("\"status\":\"error\"")).status()).isEqualTo("error");
        assertThat(errors(event("\"status\":\"failed\""))).extracting(FieldError::pointer).containsExactly("/events/0/status");
    }

    @Test
    void convertsOccurredAtToUtcTruncatedToMilliseconds() {
        assertThat(parseOne(event("\"occurred_at\":\"2026-11-21T11:30:00.123456+02:00\"")).occurredAt())
                .isEqualTo(Instant.parse("2026-11-21T09:30:00.123Z"));
    }

    @Test
    void acceptsOccurredAtUpToFiveMinutesAhead() {
        assertThat(parseOne(event("\"occurred_at\":\"2026-11-21T10:05:00Z\"")).occurredAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(errors(event("\"occurred_at\":\"2026-11-21T10:05:00.001Z\"")))
                .containsExactly(new FieldError("/events/0/occurred_at", "must not be more than 5 minutes in the future"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21", "2026-11-21T10:00:00", "2026-11-21T10:00Z", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "21/11/2026", "1763719200", "2026-11-21 10:00:00Z"})
    void rejectsTimesThatAreNotRfc3339(String time) {
        assertThat(errors(event("\"occurred_at\":\"" + time + "\""))).extracting(FieldError::pointer)
                .containsExactly("/events/0/occurred_at");
    }

    @Test
    void reportsWrongJsonTypesWithTheirPointer() {
        String body = "{\"action\":5,\"event\":true,\"actor\":\"grace\",\"target\":[],\"concerns\":{},\"ip\":1,"
                + "\"changes\":[1],\"metadata\":\"m\",\"occurred_at\":0,\"description\":{},\"idempotency_key\":7}";
        assertThat(errors(body)).extracting(FieldError::pointer).containsExactlyInAnyOrder(
                "/events/0/action", "/events/0/event", "/events/0/actor", "/events/0/target", "/events/0/concerns",
                "/events/0/ip", "/events/0/changes", "/events/0/metadata", "/events/0/occurred_at",
                "/events/0/description", "/events/0/idempotency_key");
    }

    @Test
    void namesTheWrongTypeInTheDetail() {
        assertThat(errors("{\"action\":5}")).containsExactly(new FieldError("/events/0/action", "must be a string, not number"));
    }

    @Test
    void checksEachConcern() {
        String body = event("\"concerns\":[{\"id\":\"u_1\"},\"u_2\",{\"id\":5},{\"name\":\"" + "n".repeat(501) + "\"}]");
        assertThat(errors(body)).extracting(FieldError::pointer)
                .containsExactly("/events/0/concerns/1", "/events/0/concerns/2/id", "/events/0/concerns/3/name");
    }

    @Test
    void limitsTheLengthsOfTextFields() {
        String body = event("\"idempotency_key\":\"" + "k".repeat(201) + "\",\"user_agent\":\"" + "u".repeat(1001)
                + "\",\"actor\":{\"id\":\"" + "i".repeat(501)
                + "\",\"name\":\"" + "n".repeat(501) + "\"},\"target\":{\"type\":\"" + "t".repeat(501) + "\"}");
        assertThat(errors(body)).extracting(FieldError::pointer).containsExactlyInAnyOrder(
                "/events/0/idempotency_key", "/events/0/user_agent",
                "/events/0/actor/id", "/events/0/actor/name", "/events/0/target/type");
    }

    @Test
    void acceptsTextFieldsAtTheirLimits() {
        Event e = parseOne(event("\"idempotency_key\":\"" + "k".repeat(200) + "\",\"user_agent\":\"" + "u".repeat(1000)
                + "\",\"description\":\"" + "€".repeat(10_000) + "\",\"actor\":{\"name\":\"" + "n".repeat(500) + "\"}"));
        assertThat(e.description()).hasSize(10_000);
    }

    /** CONTRACT §2 bounds an event by its size alone: a description may carry most of its 64 KiB. */
    @Test
    void aDescriptionIsBoundOnlyByTheEventsSize() {
        assertThat(parseOne(event("\"description\":\"" + "d".repeat(65_000) + "\"")).description()).hasSize(65_000);
        assertThatThrownBy(() -> parseOne(event("\"description\":\"" + "d".repeat(66_000) + "\"")))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    /** That prefix marks the entries Auditlog writes itself: an API key must not be able to pass one off. */
    @ParameterizedTest
    @ValueSource(strings = {"auditlog-record-1", "auditlog-", "AuditLog-x"})
    void rejectsAnIdempotencyKeyOfAuditlogsOwn(String key) {
        assertThat(errors(event("\"idempotency_key\":\"" + key + "\""))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/events/0/idempotency_key");
            assertThat(e.detail()).isEqualTo("must not begin with 'auditlog-': that marks the entries Auditlog writes itself");
        });
        assertThat(parseOne(event("\"idempotency_key\":\"my-auditlog-1\"")).writtenByAuditlog()).isFalse();
    }

    @Test
    void rejectsAnEmptyIdempotencyKey() {
        assertThat(errors(event("\"idempotency_key\":\"\""))).extracting(FieldError::pointer)
                .containsExactly("/events/0/idempotency_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/hardware/142", "http://localhost:8080/x?y=1#z", "HTTPS://EXAMPLE.COM"})
    void acceptsAbsoluteWebUrls(String url) {
        assertThat(parseOne(event("\"target\":{\"url\":\"" + url + "\"}")).target().url()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hardware/142", "javascript:alert(1)", "ftp://example.com/x", "https://", "https://exa mple.com",
        "example.com/x", "mailto:a@example.com"})
    void rejectsUrlsThatAreNotAbsoluteHttp(String url) {
        assertThat(errors(event("\"target\":{\"url\":\"" + url + "\"}"))).extracting(FieldError::pointer)
                .containsExactly("/events/0/target/url");
    }

    @Test
    void rejectsControlCharactersInIdentifiersAndNames() {
        List<FieldError> errors = errors(event("\"actor\":{\"name\":\"Grace\\u0000Hopper\"},\"target\":{\"id\":\"1\\n2\"}"));
        assertThat(errors).containsExactly(
                new FieldError("/events/0/actor/name", "must not contain control characters (found U+0000 at position 5)"),
                new FieldError("/events/0/target/id", "must not contain control characters (found U+000A at position 1)"));
    }

    @Test
    void allowsTabsAndLineBreaksInFreeText() {
        Event e = parseOne(event("\"description\":\"line 1\\r\\nline 2\\tend\",\"metadata\":{\"note\":\"a\\nb\"}"));
        assertThat(e.description()).isEqualTo("line 1\r\nline 2\tend");
    }

    @Test
    void rejectsOtherControlCharactersInFreeTextWithAPointerIntoTheDocument() {
        List<FieldError> errors = errors(event(
                "\"description\":\"bell\\u0007\",\"changes\":{\"a\":[\"ok\",{\"b\":\"\\u0000\"}]},\"metadata\":{\"k\\u0001\":1}"));
        assertThat(errors).extracting(FieldError::pointer).containsExactly(
                "/events/0/description", "/events/0/changes/a/1/b", "/events/0/metadata/k\u0001");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThat(errors(event("\"description\":\"x\\ud800y\""))).containsExactly(
                new FieldError("/events/0/description", "contains an unpaired UTF-16 surrogate at position 1"));
    }

    @Test
    void acceptsSqlAndHtmlAsPlainText() {
        String description = "Robert'); DROP TABLE entries;-- <script>alert(\\\"x\\\")</script> &amp; ${jndi:ldap://x}";
        Event e = parseOne(event("\"description\":\"" + description + "\",\"actor\":{\"name\":\"<b>O'Hara</b>\"}"));
        assertThat(e.description()).isEqualTo("Robert'); DROP TABLE entries;-- <script>alert(\"x\")</script> &amp; ${jndi:ldap://x}");
        assertThat(e.actor().name()).isEqualTo("<b>O'Hara</b>");
    }

    @Test
    void rejectsUnknownFieldsByName() {
        assertThat(errors(event("\"acter\":{},\"target\":{\"ur1\":\"x\"},\"concerns\":[{\"email\":\"x\"}]"))).containsExactly(
                new FieldError("/events/0/acter", "unknown field 'acter'"),
                new FieldError("/events/0/target/ur1", "unknown field 'ur1'"),
                new FieldError("/events/0/concerns/0/email", "unknown field 'email'"));
    }

    @Test
    void escapesUnknownFieldNamesInPointers() {
        assertThat(errors(event("\"a/b~c\":1"))).extracting(FieldError::pointer).containsExactly("/events/0/a~1b~0c");
    }

    @Test
    void limitsNestingOfChangesAndMetadataTo32Levels() {
        assertThat(parseOne(event("\"metadata\":" + nested(32))).metadata()).isNotNull();
        List<FieldError> errors = errors(event("\"changes\":" + nested(33)));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).pointer()).isEqualTo("/events/0/changes" + "/a".repeat(32));
        assertThat(errors.get(0).detail()).contains("32 levels");
    }

    @Test
    void reportsAbsurdNestingAsMalformedJson() {
        assertThat(errors(event("\"metadata\":" + nested(500)))).singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEmpty());
    }

    private static String nested(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    @Test
    void rejectsNumbersBeyondDoubleRangeInDocuments() {
        assertThat(errors(event("\"metadata\":{\"n\":1e400}"))).extracting(FieldError::pointer)
                .containsExactly("/events/0/metadata/n");
    }

    @Test
    void keepsArbitraryJsonInChangesAndMetadata() {
        Event e = parseOne(event("\"metadata\":{\"n\":1.5,\"big\":9007199254740992,\"l\":[true,null,\"x\"],\"o\":{}}"));
        assertThat(e.metadata().toString()).isEqualTo("{\"n\":1.5,\"big\":9007199254740992,\"l\":[true,null,\"x\"],\"o\":{}}");
    }

    /** The leaf hash (JCS) would cover the double such an integer rounds to, while the entry kept every digit. */
    @Test
    void refusesIntegersBeyondWhatADoubleHoldsExactly() {
        assertThat(errors(event("\"metadata\":{\"a\":9007199254740993,\"b\":[-9007199254740993],\"c\":123456789012345678901234567890},"
                + "\"changes\":{\"d\":{\"old\":-9007199254740992,\"new\":9007199254740992}}"))).satisfies(errors -> {
                    assertThat(errors).extracting(FieldError::pointer)
                            .containsExactly("/events/0/metadata/a", "/events/0/metadata/b/0", "/events/0/metadata/c");
                    assertThat(errors.getFirst().detail()).isEqualTo("is an integer beyond ±9007199254740992, which a JSON "
                            + "number does not hold exactly: send it as a string");
                });
    }

    /** As with integers: a decimal whose digits a double would change is refused, never stored changed. */
    @Test
    void refusesDecimalsADoubleWouldChangeAndKeepsTheOthersAsDoubles() {
        assertThat(errors(event("\"metadata\":{\"a\":9007199254740993.0,\"b\":[1e-400],\"c\":0.30000000000000000001,"
                + "\"d\":123456789012345678901234567890.5}"))).satisfies(errors -> {
                    assertThat(errors).extracting(FieldError::pointer).containsExactly("/events/0/metadata/a",
                            "/events/0/metadata/b/0", "/events/0/metadata/c", "/events/0/metadata/d");
                    assertThat(errors.get(2).detail()).isEqualTo("is a number a double does not hold exactly (it would be kept "
                            + "as 0.3): send it as a string");
                });

        Event e = parseOne(event("\"metadata\":{\"a\":0.1,\"b\":[12345678.9,1.0,1e22,-2.5e-7,5e-324],\"c\":9007199254740992.0}"));
        assertThat(e.metadata().get("a").isDouble()).as("kept as the double it was before").isTrue();
        assertThat(e.metadata().get("b").get(0).isDouble()).isTrue();
        assertThat(e.metadata().toString()).isEqualTo("{\"a\":0.1,\"b\":[1.23456789E7,1.0,1.0E22,-2.5E-7,4.9E-324],\"c\":9.007199254740992E15}");
    }

    @Test
    void reportsMalformedJsonAsOneErrorForTheWholeBody() {
        List<FieldError> errors = errors("{\"action\": \"x\",}");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEmpty();
            assertThat(e.detail()).startsWith("malformed JSON at line 1, column");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\":\"a\",\"action\":\"b\"}", "{\"action\":\"a\"} {}", "{'action':'a'}",
        "{\"action\":\"a\"} // c", "[{\"action\":\"a\"},]", "{\"action\":NaN}"})
    void rejectsNonStrictJson(String body) {
        assertThat(errors(body)).extracting(FieldError::pointer).containsExactly("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\"text\"", "42", "null"})
    void rejectsBodiesThatAreNeitherObjectNorArray(String body) {
        assertThat(errors(body)).extracting(FieldError::pointer).containsExactly("");
    }

    @Test
    void rejectsArrayElementsThatAreNotObjects() {
        assertThat(errors("[" + event("") + ",[],\"x\"]")).extracting(FieldError::pointer)
                .containsExactly("/events/1", "/events/2");
    }

    @Test
    void rejectsAnEmptyArray() {
        assertThat(errors("[]")).containsExactly(new FieldError("", "no events"));
    }

    @Test
    void rejectsInvalidUtf8InsteadOfSubstitutingIt() {
        byte[] prefix = "{\"action\":\"a\",\"description\":\"".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80})) {
            byte[] body = concat(prefix, bad, "\"}".getBytes(StandardCharsets.US_ASCII));
            assertThat(errors(body, false)).singleElement().satisfies(e -> {
                assertThat(e.pointer()).isEmpty();
                assertThat(e.detail()).contains("not valid UTF-8").contains("offset " + prefix.length);
            });
        }
    }

    @Test
    void toleratesAUtf8ByteOrderMark() {
        byte[] body = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, event("").getBytes(StandardCharsets.UTF_8));
        assertThat(parser.parse(body, false)).hasSize(1);
    }

    @Test
    void readsNdjsonSkippingBlankLines() {
        String body = "\n" + event("\"channel\":\"one\"") + "\r\n\r\n  \n" + event("\"channel\":\"two\"") + "\n";
        assertThat(parser.parse(body.getBytes(StandardCharsets.UTF_8), true)).extracting(Event::channel)
                .containsExactly("one", "two");
    }

    @Test
    void pointsNdjsonErrorsAtTheEventIndex() {
        String body = event("") + "\n\n{not json\n" + event("\"ip\":\"x\"") + "\n[1]\n";
        List<FieldError> errors = errors(body.getBytes(StandardCharsets.UTF_8), true);
        assertThat(errors).extracting(FieldError::pointer).containsExactly("/events/1", "/events/2/ip", "/events/3");
        assertThat(errors.get(0).detail()).startsWith("line 3: malformed JSON");
    }

    @Test
    void rejectsNdjsonWithoutEvents() {
        assertThat(errors(" \n\n".getBytes(StandardCharsets.UTF_8), true)).containsExactly(new FieldError("", "no events"));
    }

    @Test
    void acceptsAThousandEvents() {
        assertThat(parse(batch(EventParser.MAX_EVENTS))).hasSize(1_000);
        assertThat(parser.parse(batch(1_000).replace(",", "\n").replaceAll("^\\[|]$", "")
                .getBytes(StandardCharsets.UTF_8), true)).hasSize(1_000);
    }

    @Test
    void rejectsMoreThanAThousandEventsAsTooLarge() {
        assertThatThrownBy(() -> parse(batch(1_001))).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("1000");
        assertThatThrownBy(() -> parser.parse(batch(1_001).replace(",", "\n").replaceAll("^\\[|]$", "")
                .getBytes(StandardCharsets.UTF_8), true)).isInstanceOf(PayloadTooLargeException.class);
    }

    private static String batch(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"action\":\"a" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void rejectsAnEventOver64KibAsTooLarge() {
        String filler = "x".repeat(EventParser.MAX_EVENT_BYTES);
        PayloadTooLargeException e = catchThrowableOfType(PayloadTooLargeException.class,
                () -> parse("[" + event("") + "," + event("\"metadata\":{\"blob\":\"" + filler + "\"}") + "]"));
        assertThat(e.error().pointer()).isEqualTo("/events/1");
        assertThat(e.error().detail()).contains("65536");
    }

    @Test
    void acceptsAnEventJustUnder64Kib() {
        String head = event("\"metadata\":{\"blob\":\"\"}");
        String filler = "x".repeat(EventParser.MAX_EVENT_BYTES - head.length());
        assertThat(parseOne(event("\"metadata\":{\"blob\":\"" + filler + "\"}")).metadata().get("blob").textValue())
                .hasSize(filler.length());
    }

    @Test
    void measuresEscapedAndMultiByteCharactersAsTheySerialise() {
        // A control character serialises as a 6-byte escape, "é" as 2 bytes of UTF-8: the limit counts bytes, not characters.
        String escapes = "\\u0001".repeat(EventParser.MAX_EVENT_BYTES / 6 + 1);
        assertThatThrownBy(() -> parse(event("\"metadata\":{\"blob\":\"" + escapes + "\"}")))
                .isInstanceOf(PayloadTooLargeException.class);
        String accents = "é".repeat(EventParser.MAX_EVENT_BYTES / 2 - 100);
        assertThat(parseOne(event("\"metadata\":{\"blob\":\"" + accents + "\"}")).metadata().get("blob").textValue())
                .isEqualTo(accents);
        assertThatThrownBy(() -> parse(event("\"metadata\":{\"blob\":\"" + accents + "é".repeat(100) + "\"}")))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void measuresNumbersAsTheySerialise() {
        String ones = "1,".repeat(EventParser.MAX_EVENT_BYTES / 2 - 100);
        assertThat(parseOne(event("\"metadata\":{\"n\":[" + ones + "1]}")).metadata().get("n"))
                .hasSize(EventParser.MAX_EVENT_BYTES / 2 - 99);
        assertThatThrownBy(() -> parse(event("\"metadata\":{\"n\":[" + ones + "2.5,".repeat(100) + "1]}")))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void parseOneAddsErrorsAndReturnsNullForABadEvent() throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"action\":\"x y\"}");
        List<FieldError> errors = new java.util.ArrayList<>();
        assertThat(parser.parseOne(node, 7, errors)).isNull();
        assertThat(errors).extracting(FieldError::pointer).containsExactly("/events/7/action");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
