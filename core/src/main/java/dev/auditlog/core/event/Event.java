package dev.auditlog.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One validated event as a client sent it (CONTRACT §4), before the log gives it a place.
 * Optional parts are null; {@code event}, {@code channel} and {@code status} always carry their defaults.
 * {@code changes} and {@code metadata} are JSON objects (or null).
 */
public record Event(
        String action,
        EventType event,
        String channel,
        String description,
        Instant occurredAt,
        Actor actor,
        Target target,
        List<Concern> concerns,
        String ip,
        String userAgent,
        String status,
        JsonNode changes,
        JsonNode metadata,
        String idempotencyKey) {

    public static final String DEFAULT_CHANNEL = "default";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";

    public Event {
        concerns = concerns == null ? List.of() : List.copyOf(concerns);
    }

    /** True when the system itself acted: no actor, or an actor of type {@code system}. */
    public boolean bySystem() {
        return actor == null || actor.isSystem();
    }
}
