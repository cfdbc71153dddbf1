package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.ApiKeySecret;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Secrets;
import dev.auditlog.server.internal.http.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The life of a tenant's API keys, shared by the HTTP API and the users page: create (the secret leaves
 * the server once and is stored only as its hash), list, revoke. Each change is itself an entry in the
 * tenant's log (channel {@code settings}), which the store keeps with the change ({@link
 * dev.auditlog.core.store.Recording}): no key exists, nor is revoked, without its entry. Callers have checked the
 * caller's rights and validated input.
 */
public final class ApiKeys {
    public static final int MAX_NAME = 100;
    private static final String CHANNEL = "settings";

    private final LogStore store;
    private final ServerEntries entries;
    private final Clock clock;

    public ApiKeys(LogStore store, ServerEntries entries, Clock clock) {
        this.store = store;
        this.entries = entries;
        this.clock = clock;
    }

    /** A new key and the only copy of its secret. */
    public record Created(ApiKey key, String secret) {
    }

    public Created create(String tenant, Caller caller, String name, Set<String> scopes) {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = new ApiKey(secret.id(), tenant, name, new TreeSet<>(scopes), Secrets.sha256(secret.text()),
                clock.instant(), null);
        store.saveKey(key, saved -> Optional.of(entries.event(caller, CHANNEL, "api_key.created", EventType.CREATED,
                "API key " + saved.name() + " created", target(saved), change(null, describe(saved)), null)));
        entries.appendedByStore();
        return new Created(key, secret.text());
    }

    /** The tenant's keys, revoked ones included, oldest first. */
    public List<ApiKey> list(String tenant) {
        return store.keys(tenant);
    }

    /** Revokes an active key; empty when the tenant has no active key of that id. */
    public Optional<ApiKey> revoke(String tenant, Caller caller, String id) {
        ApiKey before = store.keys(tenant).stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
        Instant now = clock.instant();
        if (before == null || !store.revokeKey(tenant, id, now, revoked -> Optional.of(entries.event(caller, CHANNEL,
                "api_key.revoked", EventType.DELETED, "API key " + revoked.name() + " revoked", target(revoked),
                change(describe(before), describe(revoked)), null)))) {
            return Optional.empty();
        }
        entries.appendedByStore();
        return Optional.of(before.asRevokedAt(now));
    }

    /** A key as the API shows it: never its secret or hash. */
    static ObjectNode describe(ApiKey key) {
        ObjectNode o = Json.object();
        o.put("id", key.id());
        o.put("name", key.name());
        ArrayNode scopes = o.putArray("scopes");
        new TreeSet<>(key.scopes()).forEach(scopes::add);
        o.put("created_at", Times.format(key.createdAt()));
        o.put("revoked_at", key.revokedAt() == null ? null : Times.format(key.revokedAt()));
        return o;
    }

    private static Target target(ApiKey key) {
        return new Target("api_key", key.id(), key.name(), null);
    }

    private static ObjectNode change(JsonNode before, JsonNode after) {
        ObjectNode changes = Json.object();
        ObjectNode key = changes.putObject("key");
        key.set("old", before);
        key.set("new", after);
        return changes;
    }
}
