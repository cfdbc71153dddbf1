package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.SettingsJson;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code /api/v1/tenants/{t}/settings} (CONTRACT §5): the HTTP face of {@link SettingsUpdates}. The webhook
 * secret is never answered nor logged; sending back the masked value keeps it.
 */
final class SettingsApi {
    private final LogStore store;
    private final Access access;
    private final SettingsUpdates updates;
    private final ArchiveDelivery archive;

    SettingsApi(LogStore store, Access access, SettingsUpdates updates, ArchiveDelivery archive) {
        this.store = store;
        this.access = access;
        this.updates = updates;
        this.archive = archive;
    }

    void get(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        Json.send(res, 200, withDeliveryStatus(tenant, SettingsJson.write(store.settings(tenant), false)));
    }

    void put(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        Requests.noParameters(req);
        ObjectNode body = Json.readObject(req);
        Settings after;
        try {
            after = updates.replace(tenant, caller, body);
        } catch (InvalidSettingsException e) {
            throw new ApiProblem(422, "Unprocessable Content", e.getMessage(), List.of(e.error()));
        }
        Json.send(res, 200, withDeliveryStatus(tenant, SettingsJson.write(after, false)));
    }

    /**
     * Adds {@code archive.delivery} (answers only; a PUT ignores it) once delivery to the archive has been tried: whether
     * it works, and the latest failure while it does not. Before the first attempt nothing is known, and {@code ok: true}
     * would claim what nobody has seen: a directory the server cannot write showed ok until the first delivery failed.
     */
    private ObjectNode withDeliveryStatus(String tenant, ObjectNode doc) {
        ObjectNode a = (ObjectNode) doc.get("archive");
        if (Archive.NONE_TYPE.equals(a.get("type").asText()) || !archive.tried(tenant)) return doc;
        ObjectNode delivery = a.putObject("delivery");
        archive.status(tenant).ifPresentOrElse(f -> delivery.put("ok", false).put("error", f.error())
                .put("failed_at", Times.format(f.at())).put("consecutive_failures", f.consecutive())
                .put("retry_at", Times.format(f.retryAt())), () -> delivery.put("ok", true));
        return doc;
    }
}
