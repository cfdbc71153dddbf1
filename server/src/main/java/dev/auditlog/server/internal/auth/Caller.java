package dev.auditlog.server.internal.auth;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.store.ApiKey;

/**
 * Who sent an authenticated request: the master key, one tenant's API key, or a signed-in web user
 * ({@code user} set). Exactly one of {@code key} and {@code user} is set, or neither for the master key.
 */
public record Caller(ApiKey key, String user) {
    public static final Caller MASTER = new Caller(null, null);

    public Caller(ApiKey key) {
        this(key, null);
    }

    /** A web user signed in through the browser pages. */
    public static Caller webUser(String name) {
        return new Caller(null, name);
    }

    public boolean master() {
        return key == null && user == null;
    }

    /** The caller as the actor of entries the server writes on its behalf (exports, key changes). */
    public Actor actor() {
        if (user != null) return new Actor(Actor.USER, user, user, null);
        return master() ? new Actor(Actor.SYSTEM, "master-key", "Master key", null)
                : new Actor(Actor.INTEGRATION, key.id(), key.name(), null);
    }
}
