package dev.auditlog.core.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import java.time.Instant;
import java.util.List;

/** The fixed entry of the golden tests: the event of CONTRACT §4 at seq 41. */
final class Fixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final byte[] SALT = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private Fixtures() {
    }

    static Event contractEvent() {
        return new Event("hardware.assigned", EventType.UPDATED, "hardware", "Hardware #142 assigned to Ada Lovelace",
                Instant.parse("2026-11-21T10:00:00Z"),
                new Actor("user", "u_17", "Grace Hopper", "grace@example.com"),
                new Target("hardware", "142", "MacBook Pro 14", "https://app.example.com/hardware/142"),
                List.of(new Concern("user", "u_42", "Ada Lovelace")),
                "203.0.113.7", "Mozilla/5.0 …", "success",
                json("{\"assignee\":{\"old\":null,\"new\":\"u_42\"}}"), json("{\"request_id\":\"r-981\"}"), "r-981-1");
    }

    /** The fixed entry in the encoding new entries get. */
    static Entry contractEntry() {
        return contractEntry(LeafEncoding.VERSION);
    }

    static Entry contractEntry(int leafVersion) {
        Entry e = new Entry("acme", "01JD3V6X7Q8R9S0T1U2V3W4X5Y", 41, Instant.parse("2026-11-21T10:00:01.234Z"),
                contractEvent(), SALT, null, null, leafVersion);
        return withLeafHash(e);
    }

    static Entry withLeafHash(Entry e) {
        return new Entry(e.tenant(), e.id(), e.seq(), e.recordedAt(), e.event(), e.salt(), e.personalCommitment(),
                LeafEncoding.leafHash(e), e.leafVersion());
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
