package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.WebClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /t}, the list of one's tenants, and the ways other pages lead to it: the installation's admin of 66 tenants
 * finds one by id or name, fifty a page, while the switch menu, the account page and the refusal page each list ten.
 */
class WebTenantsListTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final int CREATED = 60;
    private static final Pattern TENANT_ROW = Pattern.compile("<tr><td><a href=\"/t/([a-z0-9-]+)/audit-log\">");

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static WebClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        IntStream.rangeClosed(1, CREATED).forEach(i -> server.createTenant("co-%02d".formatted(i)));
        expect(server.postJson("/api/v1/tenants", TestServer.MASTER, "{\"id\":\"marked\",\"name\":\"<b>Bold</b> & Sons\"}"), 201);
        server.addViewerOfNewTenants(dataDir, "vera", PASSWORD, "v-one", "v-two");
        server.addViewerOfNewTenants(dataDir, "wanda", PASSWORD, "w-one", "w-two");
        WebUsers users = new WebUsers(dataDir);
        users.add("xena", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        IntStream.rangeClosed(1, 12).forEach(i -> users.setRole("xena", "co-%02d".formatted(i), WebRole.VIEWER));
        users.add("nobody", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.setRole("nobody", Tenant.DEFAULT, null);
        admin = new WebClient(server);
        admin.signIn("admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** As the API tells a tenant that does not exist only to whom may know: the installation's admins. */
    @Test
    void aTenantThatDoesNotExistIsSaidSoToTheInstallationAdminAndToNoOneElse() {
        var missing = admin.get("/t/nope/audit-log");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("There is no tenant nope.");

        WebClient vera = new WebClient(server);
        vera.signIn("vera", PASSWORD);
        for (String tenant : new String[] {"nope", "w-one"}) {
            var refused = vera.get("/t/" + tenant + "/audit-log");
            assertThat(refused.statusCode()).as(tenant).isEqualTo(403);
            assertThat(refused.body()).as(tenant).contains("You have no role on tenant " + tenant + ".");
        }
    }

    @Test
    void theInstallationAdminSeesEveryTenantFiftyAPage() {
        String first = admin.get("/t").body();
        assertThat(first).contains("<title>Your tenants · Auditlog</title>", "66 tenants", "Page 1 of 2", "href=\"/t?page=2\"");
        assertThat(rows(first)).hasSize(50).startsWith("co-01", "co-02").doesNotContain("marked");
        String second = admin.get("/t?page=2").body();
        assertThat(rows(second)).containsExactly("co-51", "co-52", "co-53", "co-54", "co-55", "co-56", "co-57", "co-58", "co-59", "co-60",
                "default", "marked", "v-one", "v-two",
                "w-one", "w-two");
        assertThat(second).contains("Page 2 of 2", "href=\"/t?page=1\"", "<td>co-51 Ltd</td><td>super-admin</td>");
        assertThat(admin.get("/t/").body()).as("with the slash").contains("66 tenants");
    }

    @Test
    void aSearchFindsTenantsByWordsOfTheIdOrNameInAnyCase() {
        String byId = admin.get("/t?q=CO-0").body();
        assertThat(rows(byId)).containsExactly("co-01", "co-02", "co-03", "co-04", "co-05", "co-06", "co-07", "co-08", "co-09");
        assertThat(byId).contains("9 of 66 tenants match", "value=\"CO-0\"", "href=\"/t\">Clear</a>").doesNotContain("Page 1");
        assertThat(rows(admin.get("/t?q=" + WebClient.encode("& sons")).body())).containsExactly("marked");
        assertThat(admin.get("/t?q=co-07").body()).contains("1 of 66 tenants matches");
        assertThat(rows(admin.get("/t?q=" + WebClient.encode(" LTD  07 ")).body())).as("each word, in the id or the name").containsExactly("co-07");
        String none = admin.get("/t?q=nothing-like-it").body();
        assertThat(none).contains("0 of 66 tenants match").doesNotContain("<table");
        assertThat(admin.get("/t?q=co&page=2").body()).as("the search is kept from page to page")
                .contains("Page 2 of 2", "href=\"/t?q=co&amp;page=1\"");
    }

    @Test
    void aPageNumberPastTheEndShowsTheLastPageAndOneThatIsNoNumberTheFirst() {
        assertThat(admin.get("/t?page=99").body()).contains("Page 2 of 2");
        for (String page : new String[] {"abc", "-1", "0", "+2", "99999999999999999999"}) {
            HttpResponse<String> res = admin.get("/t?page=" + WebClient.encode(page));
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            assertThat(res.body()).as(page).contains("Page 1 of 2");
        }
    }

    /** Tenant isolation: the list is of the user's roles, never of the installation's tenants. */
    @Test
    void aUserFindsOnlyTheTenantsTheyHaveARoleOn() {
        WebClient vera = new WebClient(server);
        vera.signIn("vera", PASSWORD);
        String page = vera.get("/t").body();
        assertThat(rows(page)).containsExactly("default", "v-one", "v-two");
        assertThat(page).contains("3 tenants", "<td>viewer</td>").doesNotContain("co-01", "Page 1");
        assertThat(vera.get("/t?q=co").body()).contains("0 of 3 tenants match").doesNotContain("co-01");
    }

    @Test
    void aUserWithNoRoleIsToldHowToGetOne() {
        WebClient nobody = new WebClient(server);
        nobody.signIn("nobody", PASSWORD);
        HttpResponse<String> res = nobody.get("/t");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("You have no role on any tenant yet").doesNotContain("<table", "/account");
    }

    @Test
    void signedOutTheListLeadsToSignIn() {
        HttpResponse<String> res = new WebClient(server).get("/t");
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(location(res)).startsWith("/login");
    }

    @Test
    void aTenantsNameIsShownAsTextNotMarkup() {
        assertThat(admin.get("/t?q=marked").body()).contains("<td>&lt;b&gt;Bold&lt;/b&gt; &amp; Sons</td>").doesNotContain("<b>Bold");
    }

    @Test
    void theTopBarNamesTheTenantByItsNameAndIdUnlessTheNameIsTheIdCapitalised() {
        assertThat(admin.get("/t/marked/audit-log").body())
                .contains("Tenant <strong>&lt;b&gt;Bold&lt;/b&gt; &amp; Sons</strong> <span class=\"tenant-id\">marked</span>");
        assertThat(admin.get("/t/co-07/settings").body()).contains("Tenant <strong>co-07 Ltd</strong> <span class=\"tenant-id\">co-07</span>");
        assertThat(admin.get("/t/default/users").body()).as("Default").contains("Tenant <strong>default</strong></span>");
    }

    /** However many tenants, every page carries ten of them, a search and a link to the rest. */
    @Test
    void theSwitchMenuListsTenTenantsAndLeadsToTheRest() {
        String page = admin.get("/t/default/audit-log").body();
        String menu = page.substring(page.indexOf("<details class=\"switch\">"), page.indexOf("</details>"));
        assertThat(Pattern.compile("href=\"/t/[a-z0-9-]+/audit-log\"").matcher(menu).results().count()).isEqualTo(10);
        assertThat(menu).contains("href=\"/t/co-01/audit-log\"", "href=\"/t/co-10/audit-log\"", "<label for=\"switch-q\">Find a tenant</label>",
                "action=\"/t\"", "<a class=\"switch-all\" href=\"/t\">All 66 tenants</a>");
        assertThat(page).doesNotContain("/t/co-11/audit-log", "/t/marked/audit-log");
    }

    @Test
    void aFewTenantsAreAllInTheMenuWithoutASearch() {
        WebClient wanda = new WebClient(server);
        wanda.signIn("wanda", PASSWORD);
        String page = wanda.get("/t/default/audit-log").body();
        assertThat(page).contains("<summary>Switch tenant</summary>", "href=\"/t/w-one/audit-log\"", "href=\"/t/w-two/audit-log\"")
                .doesNotContain("Find a tenant", "switch-all");
    }

    @Test
    void theAccountPageListsTenRolesAndLeadsToTheRest() {
        String page = admin.get("/t/default/account").body();
        assertThat(page).contains("super-admin on <a class=\"in-text\" href=\"/t/co-10/audit-log\">co-10</a>",
                "<a class=\"in-text\" href=\"/t\">all 66 of your tenants and roles</a>").doesNotContain("/t/co-11/audit-log");
    }

    @Test
    void aRefusedPageListsTenTenantsAndLeadsToTheRest() {
        WebClient xena = new WebClient(server);
        xena.signIn("xena", PASSWORD);
        HttpResponse<String> refused = xena.get("/t/co-40/audit-log");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Pattern.compile("<li><a href=\"/t/").matcher(refused.body()).results().count()).isEqualTo(10);
        assertThat(refused.body()).contains("<a href=\"/t\">All 13 of your tenants</a>");
    }

    private static List<String> rows(String page) {
        Matcher m = TENANT_ROW.matcher(page);
        return m.results().map(r -> r.group(1)).toList();
    }
}
