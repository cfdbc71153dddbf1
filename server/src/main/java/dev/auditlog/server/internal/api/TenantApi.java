package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.Set;

/** {@code POST /api/v1/tenants} (master key only); the new tenant's first web super-admins are default's ({@link ApiRoutes.TenantCreated}). */
final class TenantApi {
    private static final int MAX_NAME = 200;

    private final LogStore store;
    private final Access access;
    private final Clock clock;
    private final ApiRoutes.TenantCreated created;

    TenantApi(LogStore store, Access access, Clock clock, ApiRoutes.TenantCreated created) {
        this.store = store;
        this.access = access;
        this.clock = clock;
        this.created = created;
    }

    void create(ServerRequest req, ServerResponse res) {
        Caller caller = access.requireMaster(req);
        Requests.noParameters(req);
        ObjectNode body = Json.readObject(req, Set.of("id", "name"));
        JsonNode id = body.get("id");
        if (id == null || !id.isTextual() || !Tenant.validId(id.textValue())) {
            throw ApiProblem.invalid("/id", "id must match [a-z0-9][a-z0-9-]{0,62}");
        }
        JsonNode name = body.get("name");
        String tenantName = name == null || name.isNull() ? id.textValue() : Requests.displayName(name, MAX_NAME);
        Tenant tenant = new Tenant(id.textValue(), tenantName, clock.instant());
        if (!store.createTenant(tenant)) {
            throw new ApiProblem(409, "Conflict", "tenant " + tenant.id() + " already exists");
        }
        created.created(tenant.id(), caller);
        Json.send(res, 201, Json.object().put("id", tenant.id()).put("name", tenant.name())
                .put("created_at", Times.format(tenant.createdAt())));
    }
}
