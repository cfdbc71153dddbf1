package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.ApiKeySecret;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.auth.Secrets;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.RequestBodies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.TreeSet;

/**
 * {@code /api/v1/tenants/{t}/keys}: create (the secret is answered once and stored only as its hash), list
 * without secrets, revoke. Each change is itself an entry in the tenant's log (channel {@code settings}).
 */
final class KeyApi {
    private static final int MAX_NAME = 100;
    private static final String CHANNEL = "settings";

    private final LogStore store;
    private final Access access;
    private final ServerEntries entries;
    private final Clock clock;

    KeyApi(LogStore store, Access access, ServerEntries entries, Clock clock) {
        this.store = store;
        this.access = access;
        this.entries = entries;
        this.clock = clock;
    }

    void create(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        ObjectNode body = Json.readObject(RequestBodies.read(req));
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.textValue().isBlank() || name.textValue().length() > MAX_NAME) {
            throw ApiProblem.invalid("/name", "name must be a non-blank string of at most " + MAX_NAME + " characters");
        }
        TreeSet<String> scopes = scopes(body.get("scopes"));
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKey key = new ApiKey(secret.id(), tenant, name.textValue(), scopes, Secrets.sha256(secret.text()),
                clock.instant(), null);
        store.saveKey(key);
        entries.record(tenant, caller, CHANNEL, "api_key.created", EventType.CREATED,
                "API key " + key.name() + " created", target(key), change(null, describe(key)), null);
        Json.send(res, 201, describe(key).put("key", secret.text()));
    }

    void list(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.ADMIN);
        ObjectNode body = Json.object();
        ArrayNode keys = body.putArray("keys");
        store.keys(tenant).forEach(k -> keys.add(describe(k)));
        Json.send(res, 200, body);
    }

    void revoke(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        String id = Requests.pathParam(req, "id");
        ApiKey before = store.keys(tenant).stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
        Instant now = clock.instant();
        if (before == null || !store.revokeKey(tenant, id, now)) {
            throw ApiProblem.notFound("the tenant has no active key " + id);
        }
        ApiKey after = new ApiKey(before.id(), before.tenant(), before.name(), before.scopes(), before.secretHash(),
                before.createdAt(), now);
        entries.record(tenant, caller, CHANNEL, "api_key.revoked", EventType.DELETED,
                "API key " + before.name() + " revoked", target(before), change(describe(before), describe(after)), null);
        res.status(204).send();
    }

    private static TreeSet<String> scopes(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiProblem.invalid("/scopes", "scopes must be a non-empty array of ingest, read, admin");
        }
        TreeSet<String> scopes = new TreeSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual() || Scope.fromWire(s.textValue()).isEmpty()) {
                throw ApiProblem.invalid("/scopes/" + i, "a scope is one of ingest, read, admin");
            }
            scopes.add(s.textValue());
        }
        return scopes;
    }

    private static ObjectNode describe(ApiKey key) {
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
