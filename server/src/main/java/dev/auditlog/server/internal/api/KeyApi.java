package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;
import java.util.TreeSet;

/** {@code /api/v1/tenants/{t}/keys}: the HTTP face of {@link ApiKeys} (create, list without secrets, revoke). */
final class KeyApi {
    private final Access access;
    private final ApiKeys keys;

    KeyApi(Access access, ApiKeys keys) {
        this.access = access;
        this.keys = keys;
    }

    void create(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        ObjectNode body = Json.readObject(req, Set.of("name", "scopes"));
        String name = Requests.displayName(body.get("name"), ApiKeys.MAX_NAME);
        ApiKeys.Created created = keys.create(tenant, caller, name, scopes(body.get("scopes")));
        Json.send(res, 201, ApiKeys.describe(created.key()).put("key", created.secret()));
    }

    void list(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("keys");
        keys.list(tenant).forEach(k -> list.add(ApiKeys.describe(k)));
        Json.send(res, 200, body);
    }

    void revoke(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        String id = Requests.pathParam(req, "id");
        if (keys.revoke(tenant, caller, id).isEmpty()) {
            throw ApiProblem.notFound("the tenant has no active key " + id);
        }
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
}
