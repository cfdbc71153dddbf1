package dev.auditlog.server.internal.web;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.server.internal.api.ApiRoutes;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.ProblemPage;
import dev.auditlog.server.internal.http.Route;
import dev.auditlog.server.internal.setup.WebUsers;
import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser pages (CONTRACT §7): sign-in, the audit log, settings, users and keys, one's own account, and their static
 * files. Every page answer carries the security headers; a {@link WebFailure} becomes the sign-in redirect
 * or an HTML error page, never the API's JSON problem.
 */
public final class WebRoutes {
    private static final String TENANT = "/t/{t}";

    private WebRoutes() {
    }

    /** What the web pages do when a tenant is created over the API: give it default's super-admins. */
    public static ApiRoutes.TenantCreated onTenantCreated(WebUsers users, ApiRoutes.Shared shared) {
        WebUserChanges userChanges = new WebUserChanges(users, shared.entries());
        return userChanges::grantInstallationAdmins;
    }

    /**
     * The pages' routes, and the pages a browser navigating to an address gets where no route answers it: the same
     * 404 page as for an address under a tenant that is no page, and the error page for an address the server refuses
     * before routing (a malformed %-escape), rather than the API's problem document shown raw.
     */
    public record Site(List<Route> routes, Handler pageNotFound, ProblemPage problemPage) {
    }

    /** The pages' routes; users with a role on {@code homeTenant} land on its audit log when they sign in. */
    public static Site create(LogStore store, WebUsers users, ApiRoutes.Shared shared, ArchiveDelivery archive, Clock clock,
                              String homeTenant) {
        Sessions sessions = new Sessions(clock);
        WebAuth auth = new WebAuth(sessions, users, store);
        Templates templates = new Templates();
        LoginThrottle throttle = new LoginThrottle(clock);
        WebUserChanges userChanges = new WebUserChanges(users, shared.entries());
        SignIn signIn = new SignIn(store, users, sessions, throttle, auth, shared.entries(), templates, homeTenant);
        AuditLogPage log = new AuditLogPage(store, auth, shared.queryParameters(), shared.export(), templates, clock);
        SettingsPage settings = new SettingsPage(store, auth, sessions, shared.settings(), archive, templates);
        UsersPage usersPage = new UsersPage(users, userChanges, throttle, shared.keys(), auth, sessions, templates, store);
        AccountPage account = new AccountPage(users, userChanges, throttle, auth, sessions, templates, store);
        TenantsPage tenants = new TenantsPage(store, auth, templates);
        Pages pages = new Pages(auth, templates);
        List<Route> routes = List.of(
                Route.get("/", pages.wrap(signIn::home)),
                // the tenants' addresses without a tenant: the list of one's tenants
                Route.get("/t", pages.wrap(tenants::page)),
                Route.get("/t/", pages.wrap(tenants::page)),
                Route.get("/login", pages.wrap(signIn::form)),
                Route.post("/login", pages.wrap(signIn::submit)),
                Route.get("/logout", pages.wrap(signIn::logoutPage)),
                Route.post("/logout", pages.wrap(signIn::logout)),
                Route.get(TENANT, pages.wrap(tenantPage("/audit-log"))),
                Route.get(TENANT + "/", pages.wrap(tenantPage("/audit-log"))),
                Route.get(TENANT + "/audit-log", pages.wrap(log::page)),
                Route.get(TENANT + "/audit-log/activity", pages.wrap(log::activity)),
                Route.get(TENANT + "/entries/{id}", pages.wrap(log::entry)),
                Route.get(TENANT + "/export", pages.wrap(log::export)),
                Route.get(TENANT + "/settings", pages.wrap(settings::page)),
                Route.post(TENANT + "/settings", pages.wrap(settings::save)),
                Route.get(TENANT + "/users", pages.wrap(usersPage::page)),
                Route.post(TENANT + "/users", pages.wrap(usersPage::addUser)),
                Route.post(TENANT + "/users/role", pages.wrap(usersPage::setRole)),
                Route.post(TENANT + "/users/password", pages.wrap(usersPage::resetPassword)),
                Route.post(TENANT + "/users/unlock", pages.wrap(usersPage::unlock)),
                Route.get(TENANT + "/account", pages.wrap(account::page)),
                Route.post(TENANT + "/account", pages.wrap(account::changePassword)),
                Route.post(TENANT + "/keys", pages.wrap(usersPage::createKey)),
                Route.post(TENANT + "/keys/revoke", pages.wrap(usersPage::revokeKey)),
                Route.get(TENANT + "/users/role", pages.wrap(tenantPage("/users"))),
                Route.get(TENANT + "/users/password", pages.wrap(tenantPage("/users"))),
                Route.get(TENANT + "/users/unlock", pages.wrap(tenantPage("/users"))),
                Route.get(TENANT + "/keys", pages.wrap(tenantPage("/users"))),
                Route.get(TENANT + "/keys/revoke", pages.wrap(tenantPage("/users"))),
                // after every page of a tenant: a browser asking for one that does not exist gets a page, not the API's 404 document
                Route.get(TENANT + "/*", pages.wrap(WebRoutes::noSuchPage)),
                Route.get("/static/htmx.min.js", staticFile("htmx.min.js", "text/javascript; charset=utf-8")),
                Route.get("/static/app.js", staticFile("app.js", "text/javascript; charset=utf-8")),
                Route.get("/static/app.css", staticFile("app.css", "text/css; charset=utf-8")),
                // browsers ask for /favicon.ico on every page, whatever the page links to
                Route.get("/favicon.ico", staticFile("favicon.svg", "image/svg+xml")));
        return new Site(routes, pages.wrap(WebRoutes::noSuchPage), new ErrorPage(routes, templates));
    }

    /** The error page, without the ways on a signed-in user gets: who is signed in is not known before routing. */
    private static final class ErrorPage implements ProblemPage {
        private final List<PathMatcher> pages;
        private final Templates templates;

        ErrorPage(List<Route> routes, Templates templates) {
            this.pages = routes.stream().map(r -> PathMatchers.create(r.path())).toList();
            this.templates = templates;
        }

        @Override
        public boolean isPage(String path) {
            UriPath address = UriPath.createFromDecoded(path); // as it came: it may hold a malformed %-escape
            return pages.stream().anyMatch(p -> p.match(address).accepted());
        }

        @Override
        public Html render(ApiProblem problem) {
            return new Html(templates.render("error.jte", errorPage(problem.status(), problem.getMessage(), List.of(), null)),
                    WebHttp.SECURITY_HEADERS);
        }
    }

    /**
     * The error page's model. A signed-in user ({@code csrf} not null) gets ways on that work wherever they are refused:
     * the audit logs of the {@code tenants} they have a role on (the first few, and the list of them all) and a sign-out
     * form, never a link back into the same refusal.
     */
    private static Map<String, Object> errorPage(int status, String message, List<String> tenants, String csrf) {
        Map<String, Object> params = new HashMap<>();
        params.put("status", status);
        params.put("message", message);
        params.put("tenants", tenants.subList(0, Math.min(tenants.size(), TenantsPage.SHORT_LIST)));
        params.put("tenantCount", tenants.size());
        params.put("csrf", csrf);
        return params;
    }

    private static void noSuchPage(ServerRequest req, ServerResponse res) {
        throw new WebFailure(404, "There is no page at " + req.path().path() + ".");
    }

    static String tenant(ServerRequest req) {
        try {
            return req.path().pathParameters().get("t");
        } catch (IllegalArgumentException e) {
            throw new WebFailure(400, "the address is not correctly encoded");
        }
    }

    /**
     * GET on an address that only takes a form's POST leads to the page the form is on, not to the API's 405
     * problem document: key creation once answered its POST with the page itself, so browsers show, bookmark and
     * reload {@code /t/{t}/keys}. The tenant's own address ({@code /t/{t}}, with or without the slash) leads the
     * same way to its audit log, the page a tenant opens on, instead of the API's 404 problem document.
     */
    private static Handler tenantPage(String page) {
        return (req, res) -> WebHttp.redirect(res, WebHttp.tenantPage(tenant(req), page));
    }

    /** Wraps handlers with the security headers and turns failures into pages. */
    private record Pages(WebAuth auth, Templates templates) {
        Handler wrap(Handler handler) {
            return (req, res) -> {
                WebHttp.securityHeaders(res);
                try {
                    handler.handle(req, res);
                } catch (StoreException e) {
                    if (res.isSent()) throw e;
                    // The API answers this as a 503 problem document; a browser gets the page, with what to do.
                    WebHttp.html(res, 503, templates.render("error.jte", errorPage(req, new WebFailure(503,
                            "The audit log cannot be read or written right now (" + e.getMessage() + "). Try again in a moment."))));
                } catch (WebFailure f) {
                    if (res.isSent()) throw f;
                    if (f.status() == 401) {
                        signIn(req, res);
                        return;
                    }
                    WebHttp.html(res, f.status(), templates.render("error.jte", errorPage(req, f)));
                }
            };
        }

        /**
         * A page that needs a session, asked for without one (it ended: signed out in another tab, expired, or the
         * server restarted): the sign-in page, remembering the page ({@link ReturnPath}). An htmx request gets its
         * answer as a 401 that htmx turns into that navigation; redirected, it would leave a blank log under a
         * {@code /login} URL, with the top bar still saying who is signed in.
         */
        private static void signIn(ServerRequest req, ServerResponse res) {
            String signIn = ReturnPath.signInFor(req);
            if (WebHttp.fromHtmx(req)) WebHttp.htmxRedirect(res, 401, signIn);
            else WebHttp.redirect(res, signIn);
        }

        private Map<String, Object> errorPage(ServerRequest req, WebFailure f) {
            Optional<WebAuth.SignedIn> in = auth.find(req);
            return WebRoutes.errorPage(f.status(), f.getMessage(),
                    in.map(i -> List.copyOf(i.user().roles().keySet())).orElse(List.of()), in.map(i -> i.session().csrf()).orElse(null));
        }
    }

    private static Handler staticFile(String name, String contentType) {
        byte[] body;
        try (InputStream in = WebRoutes.class.getResourceAsStream("/static/" + name)) {
            if (in == null) throw new IllegalStateException("missing /static/" + name);
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, contentType);
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
            res.send(body);
        };
    }
}
