package dev.auditlog.server.internal.auth;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.store.ApiKey;

/**
 * Who sent an authenticated request: the master key ({@code key == null}) or one tenant's API key.
 */
public record Caller(ApiKey key) {
    public static final Caller MASTER = new Caller(null);

    public boolean master() {
        return key == null;
    }

    /** The caller as the actor of entries the server writes on its behalf (exports, key changes). */
    public Actor actor() {
        return master() ? new Actor(Actor.SYSTEM, "master-key", "Master key", null)
                : new Actor(Actor.INTEGRATION, key.id(), key.name(), null);
    }
}
