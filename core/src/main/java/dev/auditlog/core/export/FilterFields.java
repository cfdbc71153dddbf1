package dev.auditlog.core.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import java.io.IOException;
import java.util.List;

/**
 * The members of an exported entry that a filter looks at, read without the rest, for {@link ViewCheck}: an entry the
 * fast path has rehashed from its bytes is read once more only to be matched, and reading its changes, metadata and
 * hashes into a tree and an {@link Entry} as well cost about twice what rehashing it did. Taken as written: the fast
 * path has read the same bytes, and what they hash to is what the proof holds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record FilterFields(@JsonProperty("recorded_at") String recordedAt, String action, String event, String channel,
                    String description, Actor actor, Target target, List<Concern> concerns, String ip, String status) {
    private static final ObjectReader READER = ExportReader.MAPPER.readerFor(FilterFields.class);

    /** The entry in {@code buf[from, to)}, with only what a filter looks at. */
    static Entry read(byte[] buf, int from, int to) throws IOException {
        FilterFields f = READER.readValue(buf, from, to - from);
        EventType type = EventType.fromWire(f.event).orElseThrow(() -> new IOException("unknown event type: " + f.event));
        Event event = new Event(f.action, type, f.channel, f.description, null, f.actor, f.target,
                f.concerns == null ? List.of() : f.concerns, f.ip, null, f.status, null, null, null);
        return new Entry(null, null, 0, Times.parse(f.recordedAt), event, null, null, null);
    }
}
