package dev.auditlog.server;

import static dev.auditlog.server.WebClient.encode;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static dev.auditlog.server.WebClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in and sign-out as plain HTTP: where sign-in sends the user back to (never to another site), what a signed-in
 * user refused a page can do next, and how signing out is asked for, recorded and confirmed.
 */
class WebSignInTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String BOOKMARK = "/t/default/audit-log?channel=auth&q=signed";

    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        server.createTenant("elsewhere");
        WebUsers users = new WebUsers(dataDir);
        users.add("nina", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.setRole("nina", Tenant.DEFAULT, null);
        users.add("olga", PASSWORD, "elsewhere", WebRole.VIEWER);
        users.add("pia", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Browsers ask for it on every page, signed in or not: a 404 there is an error in every console. */
    @Test
    void theFaviconIsServedToAnyone() {
        HttpResponse<String> res = new WebClient(server).get("/favicon.ico");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(res.body()).startsWith("<svg");
    }

    @Test
    void aPageOpenedSignedOutSendsToSignInRememberingIt() {
        HttpResponse<String> res = new WebClient(server).get(BOOKMARK);
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(location(res)).isEqualTo("/login?next=" + encode(BOOKMARK));
    }

    @Test
    void signingInFromThatLinkReturnsToThePageWithItsFilters() {
        WebClient browser = new WebClient(server);
        String login = location(browser.get(BOOKMARK));
        assertThat(browser.get(login).body()).contains("name=\"next\" value=\"/t/default/audit-log?channel=auth&amp;q=signed\"");
        HttpResponse<String> signedIn = browser.submit(login, "/login",
                Map.of("username", "admin", "password", PASSWORD, "next", BOOKMARK));
        assertThat(location(signedIn)).isEqualTo(BOOKMARK);
    }

    /**
     * htmx asks for parts of the page the browser shows (a filter change, the activity chart). Redirected, it would
     * swap the sign-in page's nothing into that page; told {@code HX-Redirect}, it opens the sign-in page, which leads
     * to the view a filter change asked for (its address is what htmx shows in the address bar), or for a fragment
     * back to the page the browser showed, as {@code HX-Current-URL} names it, and only to a page of this site.
     */
    @Test
    void anHtmxRequestOfASignedOutBrowserOpensSignInLeadingToTheViewItAskedForOrThePageItShowed() {
        WebClient browser = new WebClient(server);
        String asked = "/t/default/audit-log?channel=auth&q=signed&period=today";
        HttpResponse<String> res = browser.get(asked,
                Map.of("HX-Request", "true", "HX-Current-URL", server.uri(BOOKMARK).toString()));
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("HX-Redirect")).contains("/login?next=" + encode(asked));
        HttpResponse<String> chart = browser.get("/t/default/audit-log/activity?channel=auth",
                Map.of("HX-Request", "true", "HX-Current-URL", server.uri(BOOKMARK).toString()));
        assertThat(chart.headers().firstValue("HX-Redirect")).contains("/login?next=" + encode(BOOKMARK));
        assertThat(res.headers().firstValue("Location")).as("no redirect for XMLHttpRequest to follow unseen").isEmpty();
        assertThat(res.body()).isEmpty();

        for (String shown : new String[] {"https://evil.example//evil.example/", "javascript:alert(1)", "not a url"}) {
            HttpResponse<String> foreign = browser.get("/t/default/audit-log/activity",
                    Map.of("HX-Request", "true", "HX-Current-URL", shown));
            assertThat(foreign.headers().firstValue("HX-Redirect")).as(shown).contains("/login");
        }
        assertThat(browser.get("/t/default/audit-log/activity", Map.of("HX-Request", "true")).headers().firstValue("HX-Redirect"))
                .as("no page named").contains("/login");
    }

    /** Returned to, an export would download and leave the browser on the sign-in form, as if signing in had failed. */
    @Test
    void anExportAskedForSignedOutLeadsAfterSignInToTheViewItExports() {
        WebClient browser = new WebClient(server);
        String view = "/t/default/audit-log?channel=auth&q=signed";
        String login = location(browser.get("/t/default/export?channel=auth&q=signed&format=csv"));
        assertThat(login).isEqualTo("/login?next=" + encode(view));
        HttpResponse<String> signedIn = browser.submit(login, "/login",
                Map.of("username", "admin", "password", PASSWORD, "next", "/t/default/export?channel=auth&q=signed&format=csv"));
        assertThat(location(signedIn)).isEqualTo(view);
    }

    @Test
    void aWrongPasswordKeepsTheReturnPathForTheNextAttempt() {
        WebClient browser = new WebClient(server);
        HttpResponse<String> wrong = browser.submit("/login", "/login",
                Map.of("username", "nobody", "password", "wrong", "next", BOOKMARK));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("name=\"next\" value=\"/t/default/audit-log?channel=auth&amp;q=signed\"");
    }

    @Test
    void theRightPasswordTypedAtOnceAfterAWrongOneSignsIn() {
        WebClient browser = new WebClient(server);
        HttpResponse<String> wrong = browser.submit("/login", "/login", Map.of("username", "admin", "password", "wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The user name or password is wrong.");
        assertThat(location(browser.submit("/login", "/login", Map.of("username", "admin", "password", PASSWORD))))
                .isEqualTo("/t/default/audit-log");
    }

    @Test
    void theThirdFailedSignInInARowMakesTheNextWaitAndSaysForHowLongThenAndWhenTheNextIsRefused() {
        WebClient browser = new WebClient(server);
        Map<String, String> wrong = Map.of("username", "quentin", "password", "wrong");
        for (int failure = 1; failure <= 2; failure++) {
            assertThat(browser.submit("/login", "/login", wrong).statusCode()).as("failure " + failure).isEqualTo(401);
        }
        HttpResponse<String> third = browser.submit("/login", "/login", wrong);
        assertThat(third.statusCode()).isEqualTo(401);
        assertThat(third.body()).contains("The user name or password is wrong. Wait 2 seconds before the next attempt.");
        assertThat(third.headers().firstValue("Retry-After")).contains("2");
        HttpResponse<String> refused = browser.submit("/login", "/login", wrong);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).containsPattern("Too many failed sign-ins\\. Try again in [12] seconds?\\.");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
    }

    @Test
    void aFailedSignInIsRecordedWithStatusErrorAndASignInWithStatusSuccess() {
        WebClient browser = new WebClient(server);
        assertThat(browser.submit("/login", "/login", Map.of("username", "PIA", "password", "wrong")).statusCode()).isEqualTo(401);
        JsonNode failed = newestAuthEntry("user.login_failed", "pia", Tenant.DEFAULT);
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("description").asText()).isEqualTo("Failed sign-in as pia");

        browser.signIn("admin", PASSWORD);
        assertThat(newestAuthEntry("user.login", "admin", Tenant.DEFAULT).get("status").asText()).isEqualTo("success");
    }

    /**
     * An installation admin has a role on every tenant created over the API: a sign-in is recorded in each, with the
     * request's address, however many there are (the appends go side by side, each on its own tenant's log).
     */
    @Test
    void aSignInIsRecordedOnceInEachOfManyTenantsOfTheUserWithTheRequestsAddress() {
        String[] many = IntStream.range(0, 40).mapToObj(i -> "many-" + i).toArray(String[]::new);
        server.addViewerOfNewTenants(dataDir, "oriana", PASSWORD, many);
        List<String> tenants = new ArrayList<>(List.of(Tenant.DEFAULT));
        tenants.addAll(List.of(many));
        new WebClient(server).signIn("oriana", PASSWORD);
        for (String tenant : tenants) {
            JsonNode entries = json(expect(server.get("/api/v1/tenants/" + tenant + "/events?action=user.login&actor=oriana",
                    TestServer.MASTER), 200)).get("entries");
            assertThat(entries).as(tenant).hasSize(1);
            assertThat(entries.get(0).get("ip").asText()).as(tenant).isEqualTo("127.0.0.1");
            assertThat(entries.get(0).get("idempotency_key").asText()).as(tenant).startsWith("auditlog-once-");
        }
    }

    /** Such a "name" is often a password typed into the wrong box: the log keeps where the attempt came from, not what was typed. */
    @Test
    void aFailedSignInUnderANameNoUserHasIsRecordedWithoutTheTypedText() {
        WebClient browser = new WebClient(server);
        String typed = "Tr0ub4dor&3-secret";
        assertThat(browser.submit("/login", "/login", Map.of("username", typed, "password", "admin")).statusCode()).isEqualTo(401);
        JsonNode failed = newestAuthEntry("user.login_failed", "(unknown)", Tenant.DEFAULT);
        assertThat(failed.get("description").asText()).isEqualTo("Failed sign-in with an unknown user name");
        assertThat(failed.get("actor").get("name").asText()).isEqualTo("Unknown user");
        assertThat(failed.get("ip").asText()).isEqualTo("127.0.0.1");
        String export = new String(expect(server.get("/api/v1/tenants/default/export?format=json", TestServer.MASTER), 200).body(), StandardCharsets.UTF_8);
        assertThat(export).doesNotContain(typed);
    }

    /** One link for one other tenant; for more, one menu, so the header stays one line however many there are. */
    @Test
    void aUserOfSeveralTenantsSwitchesThroughOneMenu() {
        server.addViewerOfNewTenants(dataDir, "tara", PASSWORD, "t-two", "t-three");
        WebUsers users = new WebUsers(dataDir);
        users.add("uma", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.setRole("uma", "t-two", WebRole.VIEWER);
        WebClient tara = new WebClient(server);
        tara.signIn("tara", PASSWORD);
        String page = tara.get("/t/default/audit-log").body();
        assertThat(page).contains("<summary>Switch tenant</summary>").doesNotContain("Switch to");
        assertThat(page).as("each by its name, its id beside it").contains(
                "<a href=\"/t/t-two/audit-log\">t-two Ltd <span class=\"tenant-id\">t-two</span></a>",
                "<a href=\"/t/t-three/audit-log\">t-three Ltd <span class=\"tenant-id\">t-three</span></a>");
        WebClient uma = new WebClient(server);
        uma.signIn("uma", PASSWORD);
        assertThat(uma.get("/t/default/audit-log").body()).contains("Switch to t-two Ltd <span class=\"tenant-id\">t-two</span>")
                .doesNotContain("Switch tenant");
    }

    @Test
    void anAddressUnderATenantThatIsNoPageIsAPageSaying404NotTheApisDocument() {
        WebClient browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
        for (String path : new String[] {"/t/default/nosuchpage", "/t/default/audit-log/", "/t/default/entries/"}) {
            HttpResponse<String> res = browser.get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(res.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(res.body()).as(path).contains("There is no page at " + path + ".");
        }
    }

    /** A browser shows what it is answered: a problem document would show as raw JSON. API clients still get one. */
    @Test
    void anAddressOutsideTheTenantsThatIsNoPageIsAPageSaying404ToABrowserAndAProblemToAnApiClient() {
        WebClient browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
        for (String path : new String[] {"/nosuch", "/audit-log", "/settings", "/static/nosuch.js"}) {
            HttpResponse<String> res = browser.get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(res.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(res.body()).as(path).contains("There is no page at " + path + ".")
                    .as("a way on").contains("href=\"/t/default/audit-log\"");
            assertThat(res.headers().firstValue("Content-Security-Policy")).as(path).isPresent();

            HttpResponse<byte[]> api = server.get(path, null);
            assertThat(api.statusCode()).as(path).isEqualTo(404);
            assertThat(api.headers().firstValue("Content-Type")).as(path).contains("application/problem+json");
        }
        HttpResponse<String> underApi = browser.get("/api/v1/nosuch");
        assertThat(underApi.statusCode()).isEqualTo(404);
        assertThat(underApi.headers().firstValue("Content-Type")).as("the API's, whoever asks").contains("application/problem+json");
        assertThat(browser.get("/api/v1/tenants").statusCode()).as("a method the API's address does not take").isEqualTo(405);
    }

    /**
     * User names are unique whatever their case, so a name typed in another case can mean only one user: sign-in takes
     * it, and the session and the entry carry the name as the users file spells it.
     */
    @Test
    void aUserNameTypedInAnotherCaseSignsInAsTheUserTheFileNames() {
        WebClient browser = new WebClient(server);
        assertThat(location(browser.signIn("ADMIN", PASSWORD))).isEqualTo("/t/default/audit-log");
        assertThat(browser.get("/t/default/users").statusCode()).as("signed in as admin, super-admin").isEqualTo(200);
        assertThat(newestAuthEntry("user.login", "admin", Tenant.DEFAULT).get("description").asText()).isEqualTo("admin signed in");
    }

    @Test
    void theSignInPageOfAUserAlreadySignedInLeadsOnToTheirAuditLogOrToTheAddressItWasToReturnTo() {
        WebClient browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
        assertThat(location(browser.get("/login"))).isEqualTo("/t/default/audit-log");
        assertThat(location(browser.get("/login?next=" + encode("/t/default/audit-log?event=deleted"))))
                .isEqualTo("/t/default/audit-log?event=deleted");
        assertThat(location(browser.get("/login?next=" + encode("//evil.example/")))).isEqualTo("/t/default/audit-log");
    }

    @Test
    void aReturnPathToAnotherSiteIsIgnoredAndTheUserLandsOnTheirAuditLog() {
        for (String foreign : new String[] {"//evil.example/t/default/audit-log", "https://evil.example/", "/\\evil.example"}) {
            WebClient browser = new WebClient(server);
            assertThat(browser.get("/login?next=" + encode(foreign)).body()).as(foreign).doesNotContain("evil.example");
            HttpResponse<String> signedIn = browser.submit("/login", "/login",
                    Map.of("username", "admin", "password", PASSWORD, "next", foreign));
            assertThat(location(signedIn)).as(foreign).isEqualTo("/t/default/audit-log");
        }
    }

    @Test
    void aUserWithNoRoleAnywhereIsRefusedWithASignOutInsteadOfALinkBackIntoTheRefusal() {
        WebClient browser = new WebClient(server);
        String landing = location(browser.signIn("nina", PASSWORD));
        HttpResponse<String> refused = browser.get(landing);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("no role on any tenant").contains("action=\"/logout\"")
                .doesNotContain("href=\"/\"").doesNotContain("href=\"" + landing + "\"");

        assertThat(location(browser.submit(landing, "/logout", Map.of()))).isEqualTo("/login");
        assertThat(browser.get(landing).statusCode()).as("signed out").isEqualTo(303);
    }

    @Test
    void aUserRefusedOnOneTenantIsOfferedTheAuditLogsOfTheTenantsTheyHaveARoleOn() {
        WebClient browser = new WebClient(server);
        browser.signIn("olga", PASSWORD);
        HttpResponse<String> refused = browser.get("/t/default/audit-log");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("href=\"/t/elsewhere/audit-log\"").doesNotContain("href=\"/t/default/");
        assertThat(browser.get("/t/elsewhere/audit-log").statusCode()).isEqualTo(200);
    }

    @Test
    void aTenantsOwnAddressWithOrWithoutTheSlashLeadsToItsAuditLog() {
        WebClient browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
        for (String address : new String[] {"/t/default", "/t/default/"}) {
            HttpResponse<String> res = browser.get(address);
            assertThat(res.statusCode()).as(address).isEqualTo(303);
            assertThat(location(res)).as(address).isEqualTo("/t/default/audit-log");
        }
    }

    /** Sign-out is a POST with the session's token, so a link can never sign anyone out; opened as an address, it offers the button. */
    @Test
    void theSignOutAddressOpenedInTheBrowserOffersASignOutButtonAndSignsNoOneOut() {
        WebClient browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
        HttpResponse<String> offer = browser.get("/logout");
        assertThat(offer.statusCode()).isEqualTo(200);
        assertThat(offer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(offer.body()).contains("<form method=\"post\" action=\"/logout\"").contains("name=\"csrf\"")
                .contains("Sign out");
        assertThat(browser.get("/t/default/audit-log").statusCode()).as("still signed in").isEqualTo(200);

        assertThat(location(browser.submit("/logout", "/logout", Map.of()))).isEqualTo("/login");
        assertThat(browser.get("/t/default/audit-log").statusCode()).as("signed out by the button").isEqualTo(303);
    }

    @Test
    void theSignOutAddressOpenedSignedOutLeadsToTheSignInForm() {
        HttpResponse<String> res = new WebClient(server).get("/logout");
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(location(res)).isEqualTo("/login");
    }

    @Test
    void aSignOutIsRecordedInTheLogOfEachTenantOfTheUserAndTheSignInFormSaysSoOnce() {
        WebUsers users = new WebUsers(dataDir);
        users.add("petra", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.setRole("petra", "elsewhere", WebRole.ADMIN);
        WebClient browser = new WebClient(server);
        browser.signIn("petra", PASSWORD);

        HttpResponse<String> out = browser.submit("/t/default/audit-log", "/logout", Map.of());
        assertThat(location(out)).isEqualTo("/login");
        for (String tenant : new String[] {Tenant.DEFAULT, "elsewhere"}) {
            JsonNode entry = newestAuthEntry("user.logout", "petra", tenant);
            assertThat(entry.get("status").asText()).as(tenant).isEqualTo("success");
            assertThat(entry.get("description").asText()).as(tenant).isEqualTo("petra signed out");
            assertThat(entry.path("ip").asText()).as(tenant).isNotBlank();
        }
        assertThat(notice(browser.get("/login").body())).isEqualTo("You are signed out.");
        assertThat(notice(browser.get("/login").body())).as("said once").isNull();
    }

    @Test
    void noLinkMakesTheSignInFormSayTheUserIsSignedOut() {
        String body = new WebClient(server).get("/login?signed_out=1&notice=" + encode("You are signed out. Call 555-0100")).body();
        assertThat(notice(body)).isNull();
        assertThat(body).doesNotContain("signed out").doesNotContain("555-0100");
    }

    /** The text of the page's status notice, or null when it shows none. */
    private static String notice(String html) {
        Matcher m = Pattern.compile("<p class=\"notice\" role=\"status\">([^<]*)</p>").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    /** The newest auth entry of an action by one user in a tenant's log. */
    private static JsonNode newestAuthEntry(String action, String user, String tenant) {
        JsonNode entries = json(expect(server.get("/api/v1/tenants/" + tenant + "/events?channel=auth&action=" + action
                + "&actor=" + user, TestServer.MASTER), 200)).get("entries");
        assertThat(entries).as(action + " by " + user).isNotEmpty();
        return entries.get(0);
    }
}
