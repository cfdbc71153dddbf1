package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Recording;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.RequestOrigin;
import dev.auditlog.server.internal.http.RequestOrigin.Origin;
import java.util.List;
import java.util.UUID;

/**
 * Entries the server writes about what callers do through it (exports, key changes, sign-ins) and what it does itself:
 * the log audits itself. A caller's entries carry the address and user agent of the request they came with
 * ({@link RequestOrigin}); the server's own carry none. Each carries an idempotency key of Auditlog's own
 * ({@link Event#AUDITLOG_KEY_PREFIX}), which ingest refuses: an API key cannot append one that passes for these.
 */
public final class ServerEntries {
    private static final Actor SYSTEM = new Actor(Actor.SYSTEM, "auditlog", "Auditlog", null);
    private static final Origin NOWHERE = new Origin(null, null);

    private final LogStore store;
    private final HttpMetrics metrics;

    public ServerEntries(LogStore store, HttpMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public void record(String tenant, Caller caller, String channel, String action, EventType type, String description,
                Target target, JsonNode changes, JsonNode metadata) {
        append(tenant, event(caller, channel, action, type, description, target, changes, metadata));
    }

    /**
     * The event {@link #record} appends, for a change whose store appends its record itself ({@link Recording}): made on
     * the request's thread, it carries the request's address and user agent as well.
     */
    Event event(Caller caller, String channel, String action, EventType type, String description, Target target,
                JsonNode changes, JsonNode metadata) {
        Origin origin = RequestOrigin.current().orElse(NOWHERE);
        return event(caller.actor(), channel, action, type, description, target, changes, metadata, origin.ip(), origin.userAgent(),
                Event.SUCCESS);
    }

    /**
     * An attempt someone made, which may have failed (sign-ins): {@code status} is {@link Event#SUCCESS} or
     * {@link Event#ERROR}, so a query for {@code status=error} finds the failed ones.
     */
    public void recordAttempt(String tenant, Actor actor, String channel, String action, EventType type,
                              String description, String status) {
        Origin origin = RequestOrigin.current().orElse(NOWHERE);
        append(tenant, event(actor, channel, action, type, description, null, null, null, origin.ip(), origin.userAgent(), status));
    }

    /** An event whose actor is the server itself (scheduled work such as the retention prune), as {@link #event}. */
    Event eventBySystem(String channel, String action, EventType type, String description, JsonNode metadata) {
        return event(SYSTEM, channel, action, type, description, null, null, metadata, null, null, Event.SUCCESS);
    }

    /** Counts the record a store appended for a change the server asked for ({@link Recording}). */
    void appendedByStore() {
        metrics.appended(1);
    }

    private static Event event(Actor actor, String channel, String action, EventType type, String description, Target target,
                               JsonNode changes, JsonNode metadata, String ip, String userAgent, String status) {
        return new Event(action, type, channel, description, null, actor, target, List.of(), ip, userAgent, status, changes,
                metadata, Event.AUDITLOG_KEY_PREFIX + UUID.randomUUID());
    }

    private void append(String tenant, Event event) {
        store.append(tenant, List.of(event));
        metrics.appended(1);
    }
}
