package dev.auditlog.server.internal.web;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.api.ServerEntries;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Secrets;
import dev.auditlog.server.internal.setup.WebUsers;
import dev.auditlog.server.internal.setup.WebUsers.WebUser;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /}, {@code /login} and {@code /logout}. Every sign-in, failed sign-in and sign-out is an entry (channel
 * {@code auth}, a failure with status {@code error}) in the log of each tenant the user has a role on; a
 * failure for an unknown name goes to tenant {@code default}, so guessing is visible somewhere.
 *
 * <p>The user name is taken in any case ({@link WebUsers#lookUp}: names are unique whatever their case), and the
 * session and the entry carry the name as the users file spells it; the throttle counts failures per lower-cased name.
 *
 * <p>Signing out is a POST with the session's CSRF token, so that no link or image elsewhere can sign a user out;
 * {@code GET /logout} (typed, bookmarked, or followed from an old page) only offers the sign-out button. After a
 * sign-out the sign-in form says so once, told by a short-lived cookie holding a fixed flag: a link cannot make the
 * form show that notice, nor any text of its own.
 *
 * <p>The sign-in form has no session yet, so its CSRF token is a double-submit cookie: a random value set
 * with the form and echoed in it. A cross-site page can post the form but cannot read or set the cookie.
 */
final class SignIn {
    private static final String LOGIN_COOKIE = "auditlog_login";
    private static final String SIGNED_OUT_COOKIE = "auditlog_signed_out";
    private static final String SIGNED_OUT = "You are signed out.";
    private static final int MAX_NAME = 100;
    /** The actor of a failed sign-in under a name no user has; no user name can be "(unknown)" (UsersPage). */
    private static final Actor UNKNOWN_USER = new Actor(Actor.USER, "(unknown)", "Unknown user", null);

    private final LogStore store;
    private final WebUsers users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final WebAuth auth;
    private final ServerEntries entries;
    private final Templates templates;
    /** The tenant whose log a user with a role there lands on: {@code default}, or {@code demo} under {@code --demo}. */
    private final String homeTenant;

    SignIn(LogStore store, WebUsers users, Sessions sessions, LoginThrottle throttle, WebAuth auth,
           ServerEntries entries, Templates templates, String homeTenant) {
        this.store = store;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.auth = auth;
        this.entries = entries;
        this.templates = templates;
        this.homeTenant = homeTenant;
    }

    void home(ServerRequest req, ServerResponse res) {
        WebHttp.redirect(res, home(auth.require(req).user()));
    }

    /** The sign-in form; one already signed in goes on where the address says, or home, as a fresh sign-in would. */
    void form(ServerRequest req, ServerResponse res) {
        Optional<String> next = ReturnPath.of(req.query().first(ReturnPath.PARAM).asOptional().orElse(null));
        Optional<WebAuth.SignedIn> in = auth.find(req);
        if (in.isPresent()) {
            WebHttp.redirect(res, next.orElseGet(() -> home(in.get().user())));
            return;
        }
        String notice = null;
        if (WebHttp.cookie(req, SIGNED_OUT_COOKIE).isPresent()) {
            notice = SIGNED_OUT;
            WebHttp.setCookie(req, res, SIGNED_OUT_COOKIE, "", 0); // said once
        }
        showForm(req, res, 200, notice, null, "", next);
    }

    void submit(ServerRequest req, ServerResponse res) {
        Map<String, String> form = WebHttp.form(req);
        WebAuth.checkCsrf(WebHttp.cookie(req, LOGIN_COOKIE).orElse("\0"), form);
        String name = form.getOrDefault("username", "").strip();
        String password = form.getOrDefault("password", "");
        Optional<String> next = ReturnPath.of(form.get(ReturnPath.PARAM));
        if (name.isEmpty() || name.length() > MAX_NAME) {
            showForm(req, res, 400, null, "Enter your user name and password.", "", next);
            return;
        }
        LoginThrottle.Attempt<WebUser> attempt = throttle.attempt(name, () -> users.authenticate(name, password));
        attempt.retryAfter().ifPresent(seconds -> res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds)));
        if (attempt.refusal().isPresent()) {
            showForm(req, res, 429, null, attempt.refusal().get().told("Too many failed sign-ins"), name, next);
            return;
        }
        Optional<WebUser> user = attempt.found();
        if (user.isEmpty()) {
            recordFailure(name);
            showForm(req, res, 401, null, "The user name or password is wrong." + attempt.afterFailure(), name, next);
            return;
        }
        String spelt = user.get().name(); // as the users file spells it, whatever the case typed
        record(tenantsOf(user.get()), Caller.webUser(spelt).actor(), "user.login", spelt + " signed in", Event.SUCCESS);
        Sessions.Session session = sessions.create(spelt);
        WebHttp.setCookie(req, res, WebAuth.SESSION_COOKIE, session.id(), Sessions.LIFETIME.toSeconds());
        WebHttp.redirect(res, next.orElseGet(() -> home(user.get())));
    }

    /** {@code GET /logout}: a page with the sign-out button for a signed-in user, the sign-in form for anyone else; signs no one out. */
    void logoutPage(ServerRequest req, ServerResponse res) {
        Optional<WebAuth.SignedIn> in = auth.find(req);
        if (in.isEmpty()) {
            WebHttp.redirect(res, "/login");
            return;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("user", in.get().user().name());
        params.put("csrf", in.get().session().csrf());
        params.put("home", home(in.get().user()));
        WebHttp.html(res, 200, templates.render("signOut.jte", params));
    }

    void logout(ServerRequest req, ServerResponse res) {
        WebAuth.SignedIn in = auth.require(req);
        WebAuth.checkedForm(req, in);
        sessions.end(in.session().id());
        String name = in.user().name();
        record(tenantsOf(in.user()), Caller.webUser(name).actor(), "user.logout", name + " signed out", Event.SUCCESS);
        WebHttp.setCookie(req, res, WebAuth.SESSION_COOKIE, "", 0);
        WebHttp.setCookie(req, res, SIGNED_OUT_COOKIE, "1", 60);
        WebHttp.redirect(res, "/login");
    }

    private void showForm(ServerRequest req, ServerResponse res, int status, String notice, String error, String name,
                          Optional<String> next) {
        // Keep a token the browser already holds, so a second tab's form or a retry after an error still matches.
        String token = WebHttp.cookie(req, LOGIN_COOKIE).filter(t -> t.matches("[A-Za-z0-9_-]{43}"))
                .orElseGet(() -> Secrets.base64Url(32));
        WebHttp.setCookie(req, res, LOGIN_COOKIE, token, Sessions.LIFETIME.toSeconds());
        Map<String, Object> params = new HashMap<>();
        params.put("csrf", token);
        params.put("notice", notice);
        params.put("error", error);
        params.put("username", name);
        params.put("next", next.orElse(null));
        WebHttp.html(res, status, templates.render("login.jte", params));
    }

    /**
     * A failed sign-in, in the logs of the tenants of the user the name means. A name no user has is not kept, not
     * even in the log of {@code default}, which is told: it is often a password typed into the wrong box, and it
     * could hold anything (control characters, text aimed at whoever reads the log). The address it came from is.
     */
    private void recordFailure(String typed) {
        Optional<WebUser> user = users.lookUp(typed);
        if (user.isPresent()) {
            String spelt = user.get().name();
            record(tenantsOf(user.get()), Caller.webUser(spelt).actor(), "user.login_failed", "Failed sign-in as " + spelt, Event.ERROR);
        } else {
            record(List.of(Tenant.DEFAULT), UNKNOWN_USER, "user.login_failed", "Failed sign-in with an unknown user name", Event.ERROR);
        }
    }

    private static List<String> tenantsOf(WebUser user) {
        return List.copyOf(user.roles().keySet());
    }

    private void record(List<String> tenants, Actor actor, String action, String description, String status) {
        List<String> existing = tenants.stream().filter(tenant -> store.tenant(tenant).isPresent()).toList();
        entries.recordAttemptInEach(existing, actor, "auth", action, EventType.derive(action), description, status);
    }

    /**
     * Where a user lands: the audit log of the home tenant if they have a role there (the demo tenant under {@code
     * --demo}, so that a newcomer signing in sees a populated log), else of {@code default}, else of their first.
     */
    private String home(WebUser user) {
        String tenant = user.roles().containsKey(homeTenant) ? homeTenant
                : user.roles().containsKey(Tenant.DEFAULT) || user.roles().isEmpty() ? Tenant.DEFAULT
                : user.roles().keySet().iterator().next();
        return WebHttp.tenantPage(tenant, "/audit-log");
    }
}
