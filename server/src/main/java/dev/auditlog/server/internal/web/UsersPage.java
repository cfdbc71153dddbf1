package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.ApiKey;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.api.ApiKeys;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code /t/{t}/users} for super-admins: the tenant's web users and roles, and its API keys. Every form
 * posts back here (post/redirect/get, its outcome kept as the session's notice), key creation too: the new
 * secret is kept with the notice and shown once by the page the redirect leads to, so a reload creates no
 * second key and the secret never lands in a URL or the browser history. Revoking a key cannot be undone, so its
 * button asks first ({@code data-confirm}, asked by {@code app.js}), naming the key as the notice afterwards does.
 *
 * <p>The sign-in lock counts failures per name from anywhere ({@link LoginThrottle}), so anyone can lock anyone out;
 * the page shows each locked user, and a super-admin who may set their password ({@link UserReach}) lifts it.
 */
final class UsersPage {
    private final WebUsers users;
    private final WebUserChanges userChanges;
    private final LoginThrottle throttle;
    private final ApiKeys keys;
    private final WebAuth auth;
    private final Sessions sessions;
    private final Templates templates;
    private final LogStore store;

    UsersPage(WebUsers users, WebUserChanges userChanges, LoginThrottle throttle, ApiKeys keys, WebAuth auth, Sessions sessions,
              Templates templates, LogStore store) {
        this.users = users;
        this.userChanges = userChanges;
        this.throttle = throttle;
        this.keys = keys;
        this.auth = auth;
        this.sessions = sessions;
        this.templates = templates;
        this.store = store;
    }

    void page(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Optional<Sessions.Notice> notice = sessions.takeNotice(in.session().id());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of("Users and keys", in, tenant, store));
        // Only this tenant's users: a super-admin of one tenant must not learn who uses the others.
        params.put("users", users.users().stream().filter(u -> u.role(tenant).isPresent()).map(u -> row(in, tenant, u)).toList());
        params.put("keys", keys.list(tenant));
        params.put("message", notice.map(Sessions.Notice::text).orElse(null));
        params.put("secret", notice.map(Sessions.Notice::secret).orElse(null));
        params.put("roles", WebRole.values());
        WebHttp.html(res, 200, templates.render("users.jte", params));
    }

    private UserRow row(WebAuth.SignedIn in, String tenant, WebUsers.WebUser user) {
        UserReach reach = UserReach.of(in, user);
        return new UserRow(user.name(), user.role(tenant).orElseThrow(), reach == UserReach.OWN, reach == UserReach.MANAGED,
                throttle.wait(user.name()).map(Plural::ofWait).orElse(null));
    }

    void addUser(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = form.getOrDefault("username", "").strip();
        String password = form.getOrDefault("password", "");
        WebRole role = role(form);
        String passwordProblem = WebUsers.passwordProblem(password, password);
        String message;
        if (!name.matches("[A-Za-z0-9._@-]{1,64}")) message = "A user name is 1–64 of A–Z, a–z, 0–9, . _ @ or - (no accents).";
        else if (passwordProblem != null) message = passwordProblem;
        else if (role == null) message = "Choose a role.";
        else if (userChanges.add(tenant, Caller.webUser(in.user().name()), name, password, role)) message = "User " + name + " added as " + role.wire() + ".";
        else message = existing(in, tenant, users.lookUp(name).map(WebUsers.WebUser::name).orElse(name), role);
        back(res, in, tenant, message);
    }

    /**
     * Adding a name that is taken, in whatever case ({@code ADMIN} beside {@code admin}), adds no second user: the
     * notice names the existing one, as spelt in the users file, and grants them the role if they have none here.
     */
    private String existing(WebAuth.SignedIn in, String tenant, String name, WebRole role) {
        if (users.user(name).flatMap(u -> u.role(tenant)).isPresent()) return "User " + name + " exists already; set their role below.";
        // The name is taken but has no role here (one was removed, or the user works on another tenant): grant it.
        userChanges.setRole(tenant, Caller.webUser(in.user().name()), name, role);
        return "User " + name + " exists already, with their own password; they are " + role.wire() + " here now.";
    }

    void setRole(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = spelt(form.getOrDefault("username", ""));
        WebRole role = role(form);
        String message;
        if (name.equals(in.user().name())) message = "You cannot change your own role.";
        else if (userChanges.setRole(tenant, Caller.webUser(in.user().name()), name, role).isEmpty()) message = "No user " + name + ".";
        else if (role == null) message = name + " has no role on this tenant now, so is no longer listed here; add them by name "
                + "again to give them one.";
        else message = name + " is " + role.wire() + " now.";
        back(res, in, tenant, message);
    }

    /**
     * Sets another user's password, for one who forgot theirs ({@link UserReach} says whose), signs out their sessions
     * and lifts their sign-in lock: the lock protected the old password, and whoever set the new one may let its owner
     * try it at once.
     */
    void resetPassword(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = spelt(form.getOrDefault("username", ""));
        String password = form.getOrDefault("password", "");
        Optional<WebUsers.WebUser> user = userHere(tenant, name);
        String passwordProblem = WebUsers.passwordProblem(password, password);
        String message = user.isEmpty() ? "No user " + name + " on this tenant." : switch (UserReach.of(in, user.get())) {
            case OWN -> "Change your own password on your account page.";
            case BEYOND -> name + " also has a role on a tenant you are not super-admin of: only they can change their password.";
            case MANAGED -> passwordProblem != null ? passwordProblem : setPassword(in, name, password);
        };
        back(res, in, tenant, message);
    }

    private String setPassword(WebAuth.SignedIn in, String name, String password) {
        userChanges.setPassword(Caller.webUser(in.user().name()), name, password);
        sessions.endAllOf(name, null);
        throttle.unlock(name);
        return "Password of " + name + " changed; their sessions are signed out.";
    }

    /**
     * Lifts a user's sign-in lock, for one locked out by someone else's guesses (or their own typing), whom waiting
     * would otherwise keep out for 15 minutes at a time. The same users as for a new password ({@link UserReach});
     * a name no longer waiting is left alone and nothing is recorded.
     */
    void unlock(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = spelt(form.getOrDefault("username", ""));
        Optional<WebUsers.WebUser> user = userHere(tenant, name);
        String message = user.isEmpty() ? "No user " + name + " on this tenant." : switch (UserReach.of(in, user.get())) {
            case OWN -> "You cannot lift your own sign-in lock.";
            case BEYOND -> name + " also has a role on a tenant you are not super-admin of: you cannot lift their sign-in lock.";
            case MANAGED -> unlock(in, user.get());
        };
        back(res, in, tenant, message);
    }

    private String unlock(WebAuth.SignedIn in, WebUsers.WebUser user) {
        if (!throttle.unlock(user.name())) return user.name() + " is not locked.";
        userChanges.unlocked(Caller.webUser(in.user().name()), user);
        return user.name() + " is unlocked and can sign in now.";
    }

    void createKey(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String name = form.getOrDefault("name", "").strip();
        TreeSet<String> scopes = new TreeSet<>();
        for (Scope s : Scope.values()) {
            if (form.containsKey("scope_" + s.wire())) scopes.add(s.wire());
        }
        if (name.isEmpty() || name.length() > ApiKeys.MAX_NAME || scopes.isEmpty()) {
            back(res, in, tenant, "A key needs a name (at most " + ApiKeys.MAX_NAME + " characters) and at least one scope.");
            return;
        }
        ApiKeys.Created created = keys.create(tenant, Caller.webUser(in.user().name()), name, scopes);
        back(res, in, tenant, "Key " + name + " created. Copy its secret now: it is not shown again.", created.secret());
    }

    void revokeKey(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.SUPER_ADMIN);
        Map<String, String> form = WebAuth.checkedForm(req, in);
        String id = form.getOrDefault("id", "");
        Optional<ApiKey> revoked = keys.revoke(tenant, Caller.webUser(in.user().name()), id);
        back(res, in, tenant, revoked.map(k -> "Key " + KeyLabel.of(k) + " revoked.").orElse("No active key " + id + "."));
    }

    /** The user of that name with a role on this tenant: a super-admin of one tenant acts on its users only. */
    private Optional<WebUsers.WebUser> userHere(String tenant, String name) {
        return users.user(name).filter(u -> u.role(tenant).isPresent());
    }

    /** The name as the users file spells it, whatever the case typed (names are unique whatever their case). */
    private String spelt(String typed) {
        return users.lookUp(typed).map(WebUsers.WebUser::name).orElse(typed);
    }

    private static WebRole role(Map<String, String> form) {
        return Optional.ofNullable(form.get("role")).flatMap(WebRole::fromWire).orElse(null);
    }

    private void back(ServerResponse res, WebAuth.SignedIn in, String tenant, String message) {
        back(res, in, tenant, message, null);
    }

    private void back(ServerResponse res, WebAuth.SignedIn in, String tenant, String message, String secret) {
        sessions.notice(in.session().id(), message, secret);
        WebHttp.redirect(res, WebHttp.tenantPage(tenant, "/users"));
    }
}
