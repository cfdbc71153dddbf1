package dev.auditlog.server.internal.web;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /t/{t}/settings} for admins: read-only, since the tenant has no editable settings yet. */
final class SettingsPage {
    private final LogStore store;
    private final WebAuth auth;
    private final Templates templates;

    SettingsPage(LogStore store, WebAuth auth, Templates templates) {
        this.store = store;
        this.auth = auth;
        this.templates = templates;
    }

    void page(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.ADMIN);
        Tenant t = store.tenant(tenant).orElseThrow(() -> new WebFailure(404, "No such tenant."));
        Checkpoint cp = store.checkpoint(tenant);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of("Settings", in, tenant));
        params.put("tenant", t);
        params.put("size", cp.size());
        params.put("root", HexFormat.of().formatHex(cp.rootHash()));
        params.put("checkpoint", cp.signedNote());
        params.put("publicKey", cp.publicKey());
        WebHttp.html(res, 200, templates.render("settings.jte", params));
    }
}
