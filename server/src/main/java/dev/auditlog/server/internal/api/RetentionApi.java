package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Times;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.RequestBodies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /api/v1/tenants/{t}/retention/run}: the daily prune, now (admin). Answers the cutoff now − retention_days;
 * when the archive held the prune back, {@code removed_before} says where it stopped.
 */
final class RetentionApi {
    private final RetentionPrune prune;
    private final Access access;

    RetentionApi(RetentionPrune prune, Access access) {
        this.prune = prune;
        this.access = access;
    }

    void run(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        RequestBodies.none(req);
        RetentionPrune.Result result = prune.run(tenant, caller);
        ObjectNode answer = Json.object().put("removed", result.removed()).put("cutoff", Times.format(result.cutoff()))
                .put("held_back_by_archive", result.heldBackByArchive());
        if (result.heldBackByArchive()) answer.put("removed_before", Times.format(result.removedBefore()));
        Json.send(res, 200, answer);
    }
}
