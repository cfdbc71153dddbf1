package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.HttpMetrics;
import java.util.List;

/** Entries the server writes about what callers do through it (exports, key changes): the log audits itself. */
public final class ServerEntries {
    private final LogStore store;
    private final HttpMetrics metrics;

    public ServerEntries(LogStore store, HttpMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    public void record(String tenant, Caller caller, String channel, String action, EventType type, String description,
                Target target, JsonNode changes, JsonNode metadata) {
        record(tenant, caller, channel, action, type, description, target, changes, metadata, null);
    }

    /** The same, with the client address the caller acted from (sign-ins). */
    public void record(String tenant, Caller caller, String channel, String action, EventType type, String description,
                       Target target, JsonNode changes, JsonNode metadata, String ip) {
        Event event = new Event(action, type, channel, description, null, caller.actor(), target, List.of(), ip,
                null, Event.SUCCESS, changes, metadata, null);
        store.append(tenant, List.of(event));
        metrics.appended(1);
    }
}
