package dev.auditlog.core.entry;

import static dev.auditlog.core.entry.Fixtures.SALT;
import static dev.auditlog.core.entry.Fixtures.contractEntry;
import static dev.auditlog.core.entry.Fixtures.contractEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeafEncodingTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Pinned once: any change to the encoding breaks every existing proof, and this test. */
    @Test
    void leafHashOfTheFixedEntryInVersion1NeverChanges() {
        assertThat(HEX.formatHex(LeafEncoding.leafHash(contractEntry(LeafEncoding.VERSION_1))))
                .isEqualTo("e28b99c644708db3daa31312de9a62765c094d98a8ead3064d791d2e7debb272");
    }

    @Test
    void leafDataOfTheFixedEntryInVersion1IsTheDocumentedJson() {
        assertThat(new String(LeafEncoding.leafData(contractEntry(LeafEncoding.VERSION_1)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"action\":\"hardware.assigned\",\"actor\":{\"id\":\"u_17\",\"type\":\"user\"},\"channel\":\"hardware\","
                        + "\"concerns\":[{\"id\":\"u_42\",\"type\":\"user\"}],\"event\":\"updated\","
                        + "\"id\":\"01JD3V6X7Q8R9S0T1U2V3W4X5Y\",\"idempotency_key\":\"r-981-1\","
                        + "\"occurred_at\":\"2026-11-21T10:00:00.000Z\","
                        + "\"personal\":\"942b3b02144b0be105e1dc0ef28119807f0f0d8709d8e8dd2be676e974df021d\","
                        + "\"recorded_at\":\"2026-11-21T10:00:01.234Z\",\"seq\":41,\"status\":\"success\","
                        + "\"target\":{\"id\":\"142\",\"type\":\"hardware\",\"url\":\"https://app.example.com/hardware/142\"},"
                        + "\"v\":1}");
    }

    @Test
    void personalJsonInVersion1HoldsExactlyItsPersonalFields() {
        assertThat(new String(LeafEncoding.personalJson(contractEvent(), LeafEncoding.VERSION_1), StandardCharsets.UTF_8)).isEqualTo(
                "{\"actor_email\":\"grace@example.com\",\"actor_name\":\"Grace Hopper\","
                        + "\"changes\":{\"assignee\":{\"new\":\"u_42\",\"old\":null}},\"concern_names\":[\"Ada Lovelace\"],"
                        + "\"description\":\"Hardware #142 assigned to Ada Lovelace\",\"ip\":\"203.0.113.7\","
                        + "\"metadata\":{\"request_id\":\"r-981\"},\"target_name\":\"MacBook Pro 14\","
                        + "\"user_agent\":\"Mozilla/5.0 …\"}");
    }

    /** Pinned once, as version 1's: docs/LEAF-ENCODING.md shows these values. */
    @Test
    void leafHashOfTheFixedEntryInVersion2NeverChanges() {
        assertThat(HEX.formatHex(LeafEncoding.leafHash(contractEntry(2))))
                .isEqualTo("a57ef1ac48b8077bc0f7809e20b1122371e837295a38648d1c2edc3c8dee5261");
    }

    @Test
    void version2HashesTheTargetUrlAndIdempotencyKeyOnlyThroughTheCommitment() {
        assertThat(new String(LeafEncoding.personalJson(contractEvent(), 2), StandardCharsets.UTF_8)).isEqualTo(
                "{\"actor_email\":\"grace@example.com\",\"actor_name\":\"Grace Hopper\","
                        + "\"changes\":{\"assignee\":{\"new\":\"u_42\",\"old\":null}},\"concern_names\":[\"Ada Lovelace\"],"
                        + "\"description\":\"Hardware #142 assigned to Ada Lovelace\",\"idempotency_key\":\"r-981-1\","
                        + "\"ip\":\"203.0.113.7\",\"metadata\":{\"request_id\":\"r-981\"},\"target_name\":\"MacBook Pro 14\","
                        + "\"target_url\":\"https://app.example.com/hardware/142\",\"user_agent\":\"Mozilla/5.0 …\"}");
        assertThat(new String(LeafEncoding.leafData(contractEntry(2)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"action\":\"hardware.assigned\",\"actor\":{\"id\":\"u_17\",\"type\":\"user\"},\"channel\":\"hardware\","
                        + "\"concerns\":[{\"id\":\"u_42\",\"type\":\"user\"}],\"event\":\"updated\","
                        + "\"id\":\"01JD3V6X7Q8R9S0T1U2V3W4X5Y\",\"occurred_at\":\"2026-11-21T10:00:00.000Z\","
                        + "\"personal\":\"2e8bae28ef991614d710219c791f6c4abd3297ab6135727541daf352ce9a0943\","
                        + "\"recorded_at\":\"2026-11-21T10:00:01.234Z\",\"seq\":41,\"status\":\"success\","
                        + "\"target\":{\"id\":\"142\",\"type\":\"hardware\"},\"v\":2}");
    }

    @Test
    void theVersionIsPartOfTheLeafSoAnEntryCannotBeReadInTheOther() {
        Entry v2 = contractEntry(2);
        Entry readAsV1 = new Entry(v2.tenant(), v2.id(), v2.seq(), v2.recordedAt(), v2.event(), v2.salt(), null, null,
                LeafEncoding.VERSION_1);
        assertThat(LeafEncoding.leafHash(readAsV1)).isNotEqualTo(v2.leafHash());
    }

    @Test
    void newEntriesGetVersion2AndUnknownVersionsAreRefused() {
        assertThat(LeafEncoding.VERSION).isEqualTo(2);
        assertThat(contractEntry().leafVersion()).isEqualTo(2);
        assertThatThrownBy(() -> contractEntry(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf encoding version 3");
    }

    @Test
    void personalJsonOmitsAbsentFieldsAndKeepsConcernPositions() {
        Event e = new Event("a", EventType.OTHER, "default", null, null, new Actor("system", null, null, null), null,
                List.of(new Concern("user", "u1", null), new Concern("user", "u2", "Bo")), null, null, "success",
                null, null, null);
        assertThat(new String(LeafEncoding.personalJson(e, LeafEncoding.VERSION), StandardCharsets.UTF_8))
                .isEqualTo("{\"concern_names\":[null,\"Bo\"]}");
    }

    @Test
    void personalJsonOmitsConcernNamesWhenNoConcernHasOne() {
        Event e = new Event("a", EventType.OTHER, "default", null, null, null, null,
                List.of(new Concern("user", "u1", null)), null, null, "success", null, null, null);
        assertThat(new String(LeafEncoding.personalJson(e, LeafEncoding.VERSION), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void commitmentIsSha256OfSaltThenPersonalJson() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(SALT);
        byte[] expected = sha.digest(LeafEncoding.personalJson(contractEvent(), LeafEncoding.VERSION));
        assertThat(LeafEncoding.personalCommitment(SALT, contractEvent(), LeafEncoding.VERSION)).isEqualTo(expected);
    }

    @Test
    void leafHashIsSha256OfZeroByteThenLeafData() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        assertThat(LeafEncoding.leafHash(contractEntry())).isEqualTo(sha.digest(LeafEncoding.leafData(contractEntry())));
    }

    @Test
    void erasingPersonalFieldsKeepsTheLeafHash() {
        Entry original = contractEntry();
        Event e = original.event();
        Event erased = new Event(e.action(), e.event(), e.channel(), null, e.occurredAt(),
                new Actor(e.actor().type(), e.actor().id(), "Subject 7f3a", null),
                new Target(e.target().type(), e.target().id(), null, "https://app.example.com/hardware/subject-7f3a"),
                List.of(new Concern("user", "u_42", "Subject 9b1c")), null, null, e.status(), null, null, "subject-7f3a-1");
        Entry after = new Entry(original.tenant(), original.id(), original.seq(), original.recordedAt(), erased, null,
                LeafEncoding.personalCommitment(original), null, original.leafVersion());
        assertThat(LeafEncoding.leafHash(after)).isEqualTo(original.leafHash());
    }

    @Test
    void changingAPersonalFieldChangesTheLeafHash() {
        Entry original = contractEntry();
        Event e = original.event();
        Event edited = new Event(e.action(), e.event(), e.channel(), "Hardware #142 assigned to Mallory", e.occurredAt(),
                e.actor(), e.target(), e.concerns(), e.ip(), e.userAgent(), e.status(), e.changes(), e.metadata(),
                e.idempotencyKey());
        assertThat(LeafEncoding.leafHash(withEvent(original, edited))).isNotEqualTo(original.leafHash());
    }

    @Test
    void changingTheSaltOrPositionChangesTheLeafHash() {
        Entry e = contractEntry();
        byte[] otherSalt = SALT.clone();
        otherSalt[0] = 1;
        assertThat(LeafEncoding.leafHash(new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), e.event(), otherSalt, null,
                null))).isNotEqualTo(e.leafHash());
        assertThat(LeafEncoding.leafHash(new Entry(e.tenant(), e.id(), 42, e.recordedAt(), e.event(), SALT, null,
                null))).isNotEqualTo(e.leafHash());
    }

    @Test
    void minimalEntryOmitsAbsentMembers() {
        Event e = new Event("login", EventType.OTHER, "default", null, null, null, null, List.of(), null, null,
                "success", null, null, null);
        Entry entry = new Entry("t", "id1", 0, Instant.parse("2026-01-01T00:00:00Z"), e, SALT, null, null);
        String personal = HEX.formatHex(LeafEncoding.personalCommitment(SALT, e, LeafEncoding.VERSION));
        assertThat(new String(LeafEncoding.leafData(entry), StandardCharsets.UTF_8)).isEqualTo(
                "{\"action\":\"login\",\"channel\":\"default\",\"event\":\"other\",\"id\":\"id1\",\"personal\":\""
                        + personal + "\",\"recorded_at\":\"2026-01-01T00:00:00.000Z\",\"seq\":0,\"status\":\"success\",\"v\":2}");
    }

    @Test
    void rejectsASaltOfTheWrongLength() {
        assertThatThrownBy(() -> LeafEncoding.personalCommitment(new byte[8], contractEvent(), LeafEncoding.VERSION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Entry withEvent(Entry e, Event event) {
        return new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), event, e.salt(), e.personalCommitment(), null,
                e.leafVersion());
    }
}
