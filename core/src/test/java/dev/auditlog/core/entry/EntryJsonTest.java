package dev.auditlog.core.entry;

import static dev.auditlog.core.entry.Fixtures.MAPPER;
import static dev.auditlog.core.entry.Fixtures.contractEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryJsonTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rendersAnEntryWithEveryFieldInApiOrder() {
        ObjectNode json = EntryJson.toJson(contractEntry());
        assertThat(json.toString()).isEqualTo("{\"id\":\"01JD3V6X7Q8R9S0T1U2V3W4X5Y\",\"seq\":41,"
                + "\"recorded_at\":\"2026-11-21T10:00:01.234Z\",\"occurred_at\":\"2026-11-21T10:00:00.000Z\","
                + "\"action\":\"hardware.assigned\",\"event\":\"updated\",\"channel\":\"hardware\","
                + "\"description\":\"Hardware #142 assigned to Ada Lovelace\","
                + "\"actor\":{\"type\":\"user\",\"id\":\"u_17\",\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"},"
                + "\"target\":{\"type\":\"hardware\",\"id\":\"142\",\"name\":\"MacBook Pro 14\","
                + "\"url\":\"https://app.example.com/hardware/142\"},"
                + "\"concerns\":[{\"type\":\"user\",\"id\":\"u_42\",\"name\":\"Ada Lovelace\"}],"
                + "\"ip\":\"203.0.113.7\",\"user_agent\":\"Mozilla/5.0 …\",\"status\":\"success\","
                + "\"changes\":{\"assignee\":{\"old\":null,\"new\":\"u_42\"}},\"metadata\":{\"request_id\":\"r-981\"},"
                + "\"idempotency_key\":\"r-981-1\","
                + "\"leaf_hash\":\"a57ef1ac48b8077bc0f7809e20b1122371e837295a38648d1c2edc3c8dee5261\"}");
    }

    @Test
    void omitsAbsentFields() {
        Event e = new Event("login", EventType.OTHER, "default", null, null, null, null, List.of(), null, null,
                "success", null, null, null);
        Entry entry = Fixtures.withLeafHash(new Entry("t", "id1", 0, Instant.parse("2026-01-01T00:00:00Z"), e,
                Fixtures.SALT, null, null));
        List<String> names = new ArrayList<>();
        EntryJson.toJson(entry).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly(
                "id", "seq", "recorded_at", "action", "event", "channel", "status", "leaf_hash");
    }

    @Test
    void exportCarriesTheSaltOfAnIntactEntry() {
        ObjectNode json = EntryJson.toExportJson(contractEntry());
        assertThat(json.get("salt").textValue()).isEqualTo("000102030405060708090a0b0c0d0e0f");
        assertThat(json.has("erased")).isFalse();
        assertThat(json.has("personal_commitment")).isFalse();
    }

    @Test
    void exportOfAnErasedEntryCarriesTheCommitmentButNoSalt() {
        Entry erased = erase(contractEntry());
        ObjectNode json = EntryJson.toExportJson(erased);
        assertThat(json.has("salt")).isFalse();
        assertThat(json.get("erased").booleanValue()).isTrue();
        assertThat(json.get("personal_commitment").textValue())
                .isEqualTo(HEX.formatHex(LeafEncoding.personalCommitment(contractEntry())));
    }

    @Test
    void exportRoundTripsToTheSameLeafHash() throws Exception {
        Entry v1 = contractEntry(LeafEncoding.VERSION_1);
        for (Entry entry : List.of(contractEntry(), erase(contractEntry()), v1, erase(v1))) {
            Entry back = EntryJson.fromExportJson(reparse(EntryJson.toExportJson(entry)), "acme");
            assertThat(LeafEncoding.leafHash(back)).isEqualTo(entry.leafHash());
            assertThat(back.leafHash()).isEqualTo(entry.leafHash());
            assertThat(back.erased()).isEqualTo(entry.erased());
            assertThat(back.tenant()).isEqualTo("acme");
            assertThat(EntryJson.toExportJson(back)).isEqualTo(EntryJson.toExportJson(entry));
        }
    }

    @Test
    void exportNamesTheLeafVersionAndAnExportWithoutOneIsVersion1() throws Exception {
        assertThat(EntryJson.toExportJson(contractEntry()).get("leaf_version").intValue()).isEqualTo(2);
        ObjectNode older = EntryJson.toExportJson(contractEntry(LeafEncoding.VERSION_1));
        older.remove("leaf_version");
        Entry back = EntryJson.fromExportJson(reparse(older), "acme");
        assertThat(back.leafVersion()).isEqualTo(1);
        assertThat(LeafEncoding.leafHash(back)).isEqualTo(back.leafHash());
    }

    @Test
    void rejectsALeafVersionThisBuildDoesNotKnow() throws Exception {
        ObjectNode json = EntryJson.toExportJson(contractEntry());
        json.put("leaf_version", 3);
        assertThatThrownBy(() -> EntryJson.fromExportJson(reparse(json), "acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf encoding version 3");
        json.put("leaf_version", "2");
        assertThatThrownBy(() -> EntryJson.fromExportJson(reparse(json), "acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'leaf_version' is not a whole number");
    }

    @Test
    void aChangedTargetUrlOrIdempotencyKeyNoLongerMatchesTheLeafHashInEitherVersion() throws Exception {
        for (Entry entry : List.of(contractEntry(), contractEntry(LeafEncoding.VERSION_1))) {
            ObjectNode url = EntryJson.toExportJson(entry);
            ((ObjectNode) url.get("target")).put("url", "https://evil.example.com/");
            ObjectNode key = EntryJson.toExportJson(entry);
            key.put("idempotency_key", "other");
            for (ObjectNode tampered : List.of(url, key)) {
                Entry back = EntryJson.fromExportJson(reparse(tampered), "acme");
                assertThat(LeafEncoding.leafHash(back)).isNotEqualTo(back.leafHash());
            }
        }
    }

    @Test
    void aTamperedExportNoLongerMatchesItsLeafHash() throws Exception {
        ObjectNode json = EntryJson.toExportJson(contractEntry());
        json.put("description", "Hardware #142 assigned to Mallory");
        Entry back = EntryJson.fromExportJson(reparse(json), "acme");
        assertThat(LeafEncoding.leafHash(back)).isNotEqualTo(back.leafHash());
    }

    /** 9007199254740993 rounds to the same double as 9007199254740992, so the leaf hash could not tell them apart. */
    @Test
    void rejectsAnExportEntryHoldingAnIntegerWhoseDigitsItsLeafHashDoesNotCover() throws Exception {
        ObjectNode json = EntryJson.toExportJson(contractEntry());
        ((ObjectNode) json.get("metadata")).put("n", new BigInteger("9007199254740993"));
        assertThatThrownBy(() -> EntryJson.fromExportJson(reparse(json), "acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("its metadata holds the integer 9007199254740993, beyond ±9007199254740992, whose digits its leaf hash does not cover");
    }

    @Test
    void rejectsAnExportEntryWithoutItsRequiredMembers() {
        ObjectNode json = EntryJson.toExportJson(contractEntry());
        json.remove("salt");
        assertThatThrownBy(() -> EntryJson.fromExportJson(json, "acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("salt");
    }

    /** Property: any valid event, stored and exported, reads back to an entry with the same leaf hash. */
    @Test
    void randomValidEventsRoundTripThroughExportWithEqualLeafHashes() throws Exception {
        Random random = new Random(8785);
        EventParser parser = new EventParser(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 300; i++) {
            String body = randomEventJson(random);
            Event event = parser.parse(body.getBytes(StandardCharsets.UTF_8), false).get(0);
            byte[] salt = new byte[LeafEncoding.SALT_BYTES];
            random.nextBytes(salt);
            Entry entry = Fixtures.withLeafHash(new Entry("t", "e" + i, i,
                    Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000)), event, salt, null, null));
            if (random.nextBoolean()) entry = erase(entry);

            Entry back = EntryJson.fromExportJson(reparse(EntryJson.toExportJson(entry)), "t");

            assertThat(LeafEncoding.leafHash(back)).as(body).isEqualTo(entry.leafHash());
        }
    }

    private static String randomEventJson(Random r) throws Exception {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("action", pick(r, "invoice.created", "user:login", "doc-viewed", "x", "A.b_c"));
        if (r.nextBoolean()) o.put("event", pick(r, "created", "read", "updated", "deleted", "other"));
        if (r.nextBoolean()) o.put("channel", pick(r, "billing", "pii-read", "a.b_c-d"));
        if (r.nextBoolean()) o.put("description", text(r, true));
        if (r.nextBoolean()) o.put("occurred_at", pick(r, "2026-11-21T10:00:00Z", "2020-01-01T00:00:00.123456+05:30",
                "2026-11-21T10:04:59.999-00:00"));
        if (r.nextBoolean()) {
            ObjectNode actor = o.putObject("actor");
            if (r.nextBoolean()) actor.put("type", pick(r, "user", "integration", "system"));
            actor.put("id", text(r, false));
            if (r.nextBoolean()) actor.put("name", text(r, false));
            if (r.nextBoolean()) actor.put("email", pick(r, "a@b.io", "grace.hopper+x@example.co.uk"));
        }
        if (r.nextBoolean()) {
            ObjectNode target = o.putObject("target");
            target.put("type", text(r, false));
            if (r.nextBoolean()) target.put("id", text(r, false));
            if (r.nextBoolean()) target.put("name", text(r, false));
            if (r.nextBoolean()) target.put("url", "https://example.com/" + r.nextInt(1000));
        }
        if (r.nextBoolean()) {
            var concerns = o.putArray("concerns");
            for (int i = r.nextInt(3); i >= 0; i--) {
                ObjectNode c = concerns.addObject();
                if (r.nextBoolean()) c.put("type", "user");
                if (r.nextBoolean()) c.put("id", text(r, false));
                if (r.nextBoolean()) c.put("name", text(r, false));
            }
        }
        if (r.nextBoolean()) o.put("ip", pick(r, "10.0.0.1", "2001:DB8::0:1", "::ffff:1.2.3.4", "fe80::"));
        if (r.nextBoolean()) o.put("user_agent", text(r, false));
        if (r.nextBoolean()) o.put("status", pick(r, "success", "error"));
        if (r.nextBoolean()) o.set("changes", document(r, 3));
        if (r.nextBoolean()) o.set("metadata", document(r, 3));
        if (r.nextBoolean()) o.put("idempotency_key", "k-" + r.nextLong());
        return MAPPER.writeValueAsString(o);
    }

    private static JsonNode document(Random r, int depth) {
        ObjectNode o = MAPPER.createObjectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
            String key = text(r, true);
            switch (r.nextInt(depth > 0 ? 7 : 6)) {
                case 0 -> o.put(key, text(r, true));
                case 1 -> o.put(key, r.nextLong(-CanonicalJson.MAX_EXACT_INTEGER, CanonicalJson.MAX_EXACT_INTEGER + 1));
                case 2 -> o.put(key, Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1));
                case 3 -> o.put(key, r.nextDouble() * 1000);
                case 4 -> o.put(key, r.nextBoolean());
                case 5 -> o.putNull(key);
                default -> o.putArray(key).add(document(r, depth - 1)).add(r.nextInt()).add(text(r, true));
            }
        }
        return o;
    }

    private static String text(Random r, boolean freeText) {
        String[] pieces = {"a", "Zoë", "€", "\uD83D\uDE00", "\"", "\\", "<b>", "'; DROP TABLE x;--", " ", "\u2028", "日本"};
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(5) + 1; i > 0; i--) sb.append(pieces[r.nextInt(pieces.length)]);
        if (freeText && r.nextInt(4) == 0) sb.append("\t\r\n");
        return sb.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** The entry as an erasure leaves it: personal fields gone, only the commitment kept. */
    private static Entry erase(Entry e) {
        Event ev = e.event();
        List<Concern> concerns = new ArrayList<>();
        ev.concerns().forEach(c -> concerns.add(new Concern(c.type(), c.id(), null)));
        Event erased = new Event(ev.action(), ev.event(), ev.channel(), null, ev.occurredAt(),
                ev.actor() == null ? null : new Actor(ev.actor().type(), ev.actor().id(), "Subject 1", null),
                ev.target() == null ? null : new Target(ev.target().type(), ev.target().id(), null,
                        ev.target().url()),
                concerns, null, null, ev.status(), null, null, ev.idempotencyKey());
        return new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), erased, null, LeafEncoding.personalCommitment(e),
                e.leafHash(), e.leafVersion());
    }

    private static JsonNode reparse(JsonNode json) throws Exception {
        return MAPPER.readTree(MAPPER.writeValueAsBytes(json));
    }
}
