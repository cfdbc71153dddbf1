package dev.auditlog.core.entry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.CanonicalJson;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.sample.SampleEvents;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The leaf encoding is written member by member for speed; these tests pin it to the plain definition in
 * docs/LEAF-ENCODING.md: build the JSON object, canonicalise it with RFC 8785. Both must give the same bytes.
 */
class LeafEncodingAgainstTreeTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2})
    void leafDataEqualsTheCanonicalisedObjectForRandomEvents(int version) {
        SampleEvents sample = new SampleEvents(11);
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            Instant recorded = Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(100_000_000_000L));
            Event event = sample.next(recorded.minusSeconds(random.nextInt(1000)));
            Entry entry = new Entry("t", EntryIds.newId(recorded.toEpochMilli()), random.nextLong(1L << 53), recorded,
                    event, EntryIds.newSalt(), null, null, version);
            assertThat(LeafEncoding.leafData(entry)).as("event %d", i).isEqualTo(CanonicalJson.encode(leafTree(entry)));
            assertThat(LeafEncoding.personalJson(event, version)).as("event %d", i)
                    .isEqualTo(CanonicalJson.encode(personalTree(event, version)));
        }
    }

    private static ObjectNode leafTree(Entry entry) {
        Event e = entry.event();
        boolean v1 = entry.leafVersion() == 1;
        ObjectNode o = JSON.objectNode();
        o.put("v", entry.leafVersion());
        o.put("id", entry.id());
        o.put("seq", entry.seq());
        o.put("recorded_at", Times.format(entry.recordedAt()));
        if (e.occurredAt() != null) o.put("occurred_at", Times.format(e.occurredAt()));
        o.put("action", e.action());
        o.put("event", e.event().wire());
        o.put("channel", e.channel());
        o.put("status", e.status());
        if (e.actor() != null) {
            ObjectNode a = o.putObject("actor");
            putIfPresent(a, "type", e.actor().type());
            putIfPresent(a, "id", e.actor().id());
        }
        if (e.target() != null) {
            ObjectNode t = o.putObject("target");
            putIfPresent(t, "type", e.target().type());
            putIfPresent(t, "id", e.target().id());
            if (v1) putIfPresent(t, "url", e.target().url());
        }
        if (!e.concerns().isEmpty()) {
            ArrayNode concerns = o.putArray("concerns");
            for (Concern c : e.concerns()) {
                ObjectNode item = concerns.addObject();
                putIfPresent(item, "type", c.type());
                putIfPresent(item, "id", c.id());
            }
        }
        if (v1) putIfPresent(o, "idempotency_key", e.idempotencyKey());
        o.put("personal", HexFormat.of().formatHex(LeafEncoding.personalCommitment(entry)));
        return o;
    }

    private static ObjectNode personalTree(Event e, int version) {
        ObjectNode o = JSON.objectNode();
        if (version == 2) {
            putIfPresent(o, "idempotency_key", e.idempotencyKey());
            if (e.target() != null) putIfPresent(o, "target_url", e.target().url());
        }
        if (e.actor() != null) {
            putIfPresent(o, "actor_name", e.actor().name());
            putIfPresent(o, "actor_email", e.actor().email());
        }
        if (e.target() != null) putIfPresent(o, "target_name", e.target().name());
        if (e.concerns().stream().anyMatch(c -> c.name() != null)) {
            ArrayNode names = o.putArray("concern_names");
            e.concerns().forEach(c -> names.add(c.name()));
        }
        putIfPresent(o, "ip", e.ip());
        putIfPresent(o, "user_agent", e.userAgent());
        putIfPresent(o, "description", e.description());
        if (e.changes() != null && !e.changes().isNull()) o.set("changes", e.changes());
        if (e.metadata() != null && !e.metadata().isNull()) o.set("metadata", e.metadata());
        return o;
    }

    private static void putIfPresent(ObjectNode o, String name, String value) {
        if (value != null) o.put(name, value);
    }
}
