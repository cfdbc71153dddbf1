package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /t/{t}/account}: the signed-in user's own account, where they change their password. The current
 * password is asked for (a session left open on a shared screen must not be enough to take the account over) and
 * counts against the same per-name throttle as the sign-in form, so this form is no faster way to guess it. A
 * changed password signs out the user's other sessions: whoever changes it because it leaked wants the holder out.
 * This browser stays signed in under a new session id, so that one taken with the old password is out too.
 */
final class AccountPage {
    private final WebUsers users;
    private final WebUserChanges userChanges;
    private final LoginThrottle throttle;
    private final WebAuth auth;
    private final Sessions sessions;
    private final Templates templates;
    private final LogStore store;

    AccountPage(WebUsers users, WebUserChanges userChanges, LoginThrottle throttle, WebAuth auth, Sessions sessions, Templates templates,
                LogStore store) {
        this.users = users;
        this.userChanges = userChanges;
        this.throttle = throttle;
        this.auth = auth;
        this.sessions = sessions;
        this.templates = templates;
        this.store = store;
    }

    void page(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.VIEWER);
        show(res, 200, in, tenant, sessions.takeNotice(in.session().id()).map(Sessions.Notice::text).orElse(null), null);
    }

    void changePassword(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.VIEWER);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = in.user().name();
        String current = form.getOrDefault("current_password", "");
        String next = form.getOrDefault("new_password", "");
        LoginThrottle.Attempt<WebUsers.WebUser> attempt = throttle.attempt(name, () -> users.authenticate(name, current));
        attempt.retryAfter().ifPresent(seconds -> res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds)));
        if (attempt.refusal().isPresent()) {
            show(res, 429, in, tenant, null, attempt.refusal().get().told("Too many wrong passwords"));
            return;
        }
        if (attempt.found().isEmpty()) {
            show(res, 400, in, tenant, null, "The current password is wrong." + attempt.afterFailure());
            return;
        }
        String problem = WebUsers.passwordProblem(next, form.getOrDefault("confirm_password", ""));
        if (problem != null) {
            show(res, 400, in, tenant, null, problem);
            return;
        }
        userChanges.setPassword(Caller.webUser(name), name, next);
        Sessions.Session renewed = sessions.replaceAllOf(in.session());
        WebHttp.setCookie(req, res, WebAuth.SESSION_COOKIE, renewed.id(), sessions.secondsLeft(renewed));
        sessions.notice(renewed.id(), "Your password is changed. Your other sessions are signed out.");
        WebHttp.redirect(res, WebHttp.tenantPage(tenant, "/account"));
    }

    private void show(ServerResponse res, int status, WebAuth.SignedIn in, String tenant, String notice, String error) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of("Your account", in, tenant, store));
        Map<String, WebRole> roles = in.user().roles();
        params.put("roles", roles.entrySet().stream().limit(TenantsPage.SHORT_LIST)
                .collect(LinkedHashMap::new, (m, r) -> m.put(r.getKey(), r.getValue()), Map::putAll));
        params.put("roleCount", roles.size());
        params.put("notice", notice);
        params.put("error", error);
        params.put("minPassword", WebUsers.MIN_PASSWORD);
        WebHttp.html(res, status, templates.render("account.jte", params));
    }
}
