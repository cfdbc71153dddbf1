package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
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
import java.util.Iterator;
import java.util.List;

/**
 * {@code /api/v1/tenants/{t}/settings} (CONTRACT §5). A PUT replaces the whole document (absent members take
 * their defaults) and records what changed as an entry in channel {@code settings}, old and new value per
 * member. The webhook secret is never answered nor logged; sending back the masked value keeps it.
 */
final class SettingsApi {
    private static final String MASKED_SECRET = "********";

    private final LogStore store;
    private final Access access;
    private final ServerEntries entries;
    private final ArchiveDelivery archive;

    SettingsApi(LogStore store, Access access, ServerEntries entries, ArchiveDelivery archive) {
        this.store = store;
        this.access = access;
        this.entries = entries;
        this.archive = archive;
    }

    void get(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.ADMIN);
        Json.send(res, 200, withDeliveryStatus(tenant, SettingsJson.write(store.settings(tenant), false)));
    }

    void put(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        Caller caller = access.require(req, tenant, Scope.ADMIN);
        ObjectNode body = Json.readObject(req);
        Settings before = store.settings(tenant);
        keepMaskedSecret(body, before.archive());
        Settings after;
        try {
            after = SettingsJson.parse(body);
        } catch (InvalidSettingsException e) {
            throw new ApiProblem(422, "Unprocessable Content", e.getMessage(), List.of(e.error()));
        }
        if (!after.equals(before)) {
            store.saveSettings(tenant, after);
            entries.record(tenant, caller, "settings", "settings.updated", EventType.UPDATED, "Settings updated",
                    new Target("settings", tenant, null, null), changes(before, after), null);
        }
        Json.send(res, 200, withDeliveryStatus(tenant, SettingsJson.write(after, false)));
    }

    /**
     * Adds {@code archive.delivery} (answers only; a PUT ignores it): whether delivery works, and the latest
     * failure while it does not.
     */
    private ObjectNode withDeliveryStatus(String tenant, ObjectNode doc) {
        ObjectNode a = (ObjectNode) doc.get("archive");
        if (Archive.NONE_TYPE.equals(a.get("type").asText())) return doc;
        ObjectNode delivery = a.putObject("delivery");
        archive.status(tenant).ifPresentOrElse(f -> delivery.put("ok", false).put("error", f.error())
                .put("failed_at", Times.format(f.at())).put("consecutive_failures", f.consecutive())
                .put("retry_at", Times.format(f.retryAt())), () -> delivery.put("ok", true));
        return doc;
    }

    /** A client that PUTs back what it GOT sends the masked secret: that means "unchanged". */
    private static void keepMaskedSecret(ObjectNode body, Archive current) {
        if (body.get("archive") instanceof ObjectNode a) a.remove("delivery");
        if (body.get("archive") instanceof ObjectNode a && MASKED_SECRET.equals(a.path("secret").asText(null)) && current.secret() != null) {
            a.put("secret", current.secret());
        }
    }

    /** {@code {"<member>": {"old": …, "new": …}}} for each top-level member that changed (secret masked). */
    private static ObjectNode changes(Settings before, Settings after) {
        ObjectNode old = SettingsJson.write(before, false);
        ObjectNode now = SettingsJson.write(after, false);
        ObjectNode changes = Json.object();
        for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!now.get(name).equals(old.get(name))) {
                ObjectNode change = changes.putObject(name);
                change.set("old", old.get(name));
                change.set("new", now.get(name));
            }
        }
        return changes;
    }
}
