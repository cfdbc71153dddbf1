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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Entries the server writes about what callers do through it (exports, key changes, sign-ins) and what it does itself:
 * the log audits itself. A caller's entries carry the address and user agent of the request they came with
 * ({@link RequestOrigin}); the server's own carry none. Each carries an idempotency key of Auditlog's own
 * ({@link Event#AUDITLOG_KEY_PREFIX}), which ingest refuses: an API key cannot append one that passes for these.
 */
public final class ServerEntries {
    private static final Actor SYSTEM = new Actor(Actor.SYSTEM, "auditlog", "Auditlog", null);
    private static final Origin NOWHERE = new Origin(null, null);
    /** Enough to fill the store's group commits, few enough to leave PostgreSQL's pool to other requests. */
    private static final int APPENDS_AT_ONCE = 64;

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

    /** {@link #record} in each of {@code tenants} (a web user's change, in every tenant the user has a role on), as {@link #appendToEach}. */
    public void recordInEach(List<String> tenants, Caller caller, String channel, String action, EventType type, String description,
                             Target target) {
        Map<String, Event> events = new LinkedHashMap<>();
        for (String tenant : tenants) events.put(tenant, event(caller, channel, action, type, description, target, null, null));
        appendToEach(events);
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
     * An attempt someone made, which may have failed (a sign-in), recorded in each of {@code tenants} as {@link
     * #appendToEach}: {@code status} is {@link Event#SUCCESS} or {@link Event#ERROR}, so a query for {@code status=error}
     * finds the failed ones.
     */
    public void recordAttemptInEach(List<String> tenants, Actor actor, String channel, String action, EventType type,
                                    String description, String status) {
        Origin origin = RequestOrigin.current().orElse(NOWHERE);
        Map<String, Event> events = new LinkedHashMap<>();
        for (String tenant : tenants) {
            events.put(tenant, event(actor, channel, action, type, description, null, null, null, origin.ip(), origin.userAgent(), status));
        }
        appendToEach(events);
    }

    /**
     * Appends each event to its tenant, side by side, at most {@value #APPENDS_AT_ONCE} at a time, and returns once all are
     * durable; the first failure is thrown once every append has ended. One after another, each waited for a commit of
     * its own: an installation admin with a role on 800 tenants waited 6 to 12 s to sign in. Side by side, the store's
     * group commit makes many durable at once. The events are made on the request's thread, which knows its origin.
     */
    private void appendToEach(Map<String, Event> events) {
        if (events.size() <= 1) {
            events.forEach(this::append);
            return;
        }
        Semaphore slots = new Semaphore(APPENDS_AT_ONCE);
        try (ExecutorService appends = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            events.forEach((tenant, event) -> pending.add(appends.submit(() -> {
                slots.acquire();
                try {
                    append(tenant, event);
                } finally {
                    slots.release();
                }
                return null;
            })));
            RuntimeException first = null;
            for (Future<?> append : pending) {
                try {
                    append.get();
                } catch (ExecutionException e) {
                    if (first == null) first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while recording", e);
                }
            }
            if (first != null) throw first;
        }
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
                metadata, Event.SINGLE_USE_KEY_PREFIX + UUID.randomUUID());
    }

    private void append(String tenant, Event event) {
        store.append(tenant, List.of(event));
        metrics.appended(1);
    }
}
