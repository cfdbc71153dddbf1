package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import dev.auditlog.server.internal.setup.WebUsers.WebUser;
import dev.auditlog.server.internal.web.Sessions.Session;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Who is signed in and what they may do on a tenant. Roles are read from the users file on every request,
 * so a role a super-admin removes stops working at once, not at the end of the session.
 */
final class WebAuth {
    static final String SESSION_COOKIE = "auditlog_session";
    static final String CSRF_FIELD = "csrf";

    /** A request's signed-in user. */
    record SignedIn(Session session, WebUser user) {
        WebRole role(String tenant) {
            return user.role(tenant).orElse(null);
        }

        boolean may(String tenant, WebRole needed) {
            WebRole role = role(tenant);
            return role != null && role.includes(needed);
        }
    }

    private final Sessions sessions;
    private final WebUsers users;
    private final LogStore store;

    WebAuth(Sessions sessions, WebUsers users, LogStore store) {
        this.sessions = sessions;
        this.users = users;
        this.store = store;
    }

    SignedIn require(ServerRequest req) {
        return find(req).orElseThrow(WebFailure::signInRequired);
    }

    /** The signed-in user, if any: for pages such as the error page that also show to signed-out visitors. */
    Optional<SignedIn> find(ServerRequest req) {
        return WebHttp.cookie(req, SESSION_COOKIE)
                .flatMap(sessions::find)
                .flatMap(s -> users.user(s.user()).map(u -> new SignedIn(s, u)));
    }

    /**
     * The signed-in user holding at least {@code needed} on the tenant, from an address the tenant's IP
     * allowlist admits (CONTRACT §5); otherwise a 403 page.
     */
    SignedIn require(ServerRequest req, String tenant, WebRole needed) {
        SignedIn in = require(req);
        if (!in.may(tenant, needed)) {
            // As the API answers 404 only to whom may know (CONTRACT §2): here the installation's admins
            if (in.role(tenant) == null && in.may(Tenant.DEFAULT, WebRole.SUPER_ADMIN) && store.tenant(tenant).isEmpty()) {
                throw new WebFailure(404, "There is no tenant " + tenant + ".");
            }
            throw WebFailure.forbidden(in.role(tenant) == null
                    ? "You have no role on tenant " + tenant + "."
                    : "This page needs the " + needed.wire() + " role on tenant " + tenant + ".");
        }
        if (!store.settings(tenant).allows(Access.remoteAddress(req))) {
            throw WebFailure.forbidden("Your address is not in the IP allowlist of tenant " + tenant + ".");
        }
        return in;
    }

    /** The form a signed-in user posted, once its CSRF token is found to be the session's (else 403). */
    static Map<String, String> checkedForm(ServerRequest req, SignedIn in) {
        Map<String, String> form = WebHttp.form(req);
        checkCsrf(in.session().csrf(), form);
        return form;
    }

    /** Refuses (403) a form whose CSRF token is missing or not the session's. */
    static void checkCsrf(String expected, Map<String, String> form) {
        String given = form.getOrDefault(CSRF_FIELD, "");
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw WebFailure.forbidden("The form has expired or did not come from this site. Reload the page and try again.");
        }
    }
}
