package dev.auditlog.server.internal.web;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.settings.InvalidSettingsException;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.api.SettingsUpdates;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.WebRole;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /t/{t}/settings} for admins: the tenant's facts and signed checkpoint, how delivery to its archive goes
 * (as the API's {@code archive.delivery} says, see {@link ArchiveDeliveryView}), and its settings as a form.
 * A saved form goes through {@link SettingsUpdates}, as a PUT to the API does, so it is validated and
 * recorded alike; an invalid one comes back with the error beside its field, a valid one redirects back
 * (post/redirect/get) with a notice.
 */
final class SettingsPage {
    private final LogStore store;
    private final WebAuth auth;
    private final Sessions sessions;
    private final SettingsUpdates updates;
    private final ArchiveDelivery archive;
    private final Templates templates;

    SettingsPage(LogStore store, WebAuth auth, Sessions sessions, SettingsUpdates updates, ArchiveDelivery archive, Templates templates) {
        this.store = store;
        this.auth = auth;
        this.sessions = sessions;
        this.updates = updates;
        this.archive = archive;
        this.templates = templates;
    }

    void page(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.ADMIN);
        render(res, 200, in, existing(tenant), SettingsForm.of(store.settings(tenant)),
                sessions.takeNotice(in.session().id()).map(Sessions.Notice::text).orElse(null));
    }

    void save(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.ADMIN);
        Map<String, String> fields = WebAuth.checkedForm(req, in);
        Tenant t = existing(tenant);
        SettingsForm form = SettingsForm.posted(fields, store.settings(tenant).archive().secret() != null);
        try {
            updates.replace(tenant, Caller.webUser(in.user().name()), form.toDocument(fields.get("archive_secret")),
                    Access.remotePeer(req));
        } catch (InvalidSettingsException e) {
            render(res, 422, in, t, form.withError(e.error()), null);
            return;
        }
        sessions.notice(in.session().id(), "Settings saved.");
        WebHttp.redirect(res, WebHttp.tenantPage(tenant, "/settings"));
    }

    private Tenant existing(String tenant) {
        return store.tenant(tenant).orElseThrow(() -> new WebFailure(404, "No such tenant."));
    }

    private void render(ServerResponse res, int status, WebAuth.SignedIn in, Tenant tenant, SettingsForm form, String notice) {
        Checkpoint cp = store.checkpoint(tenant.id());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of("Settings", in, tenant.id(), store));
        params.put("tenant", tenant);
        params.put("size", cp.size());
        params.put("root", HexFormat.of().formatHex(cp.rootHash()));
        params.put("checkpoint", cp.signedNote());
        params.put("publicKey", cp.publicKey());
        params.put("form", form);
        params.put("delivery", ArchiveDeliveryView.of(archive, tenant.id(), store.settings(tenant.id()).archive(), cp.size()));
        params.put("notice", notice);
        WebHttp.html(res, status, templates.render("settings.jte", params));
    }
}
