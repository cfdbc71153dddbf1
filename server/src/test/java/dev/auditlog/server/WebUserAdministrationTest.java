package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.auditlog.server.internal.setup.WebUsers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users page of a super-admin: adding users and changing roles, what that leaves in the log, and its notices. */
class WebUserAdministrationTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String USERS = "/t/default/users";
    private static final String KEYS = "/t/default/keys";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private WebClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void signIn() {
        admin = new WebClient(server);
        admin.signIn("admin", PASSWORD);
    }

    @Test
    void addingAUserIsASettingsEntryNamingTheActingAdminTheNewUserAndTheRoleButNoPassword() {
        String password = "new-user-password-123";
        addUser("ursula", password, "viewer");

        JsonNode entry = onlyEntry("web_user.added", "ursula");
        assertThat(entry.get("actor").get("id").asText()).isEqualTo("admin");
        assertThat(entry.get("target").get("type").asText()).isEqualTo("web_user");
        assertThat(entry.get("event").asText()).isEqualTo("created");
        assertThat(entry.get("changes").toString()).isEqualTo("{\"role\":{\"old\":null,\"new\":\"viewer\"}}");
        assertThat(entry.toString()).doesNotContain(password).doesNotContain("argon2");
    }

    @Test
    void changingARoleIsASettingsEntryWithTheRoleBeforeAndAfter() {
        addUser("rolf", "rolf-password-123456", "viewer");
        setRole("rolf", "admin");
        setRole("rolf", "");

        JsonNode entries = entries("web_user.role_changed", "rolf");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).get("changes").toString()).isEqualTo("{\"role\":{\"old\":\"viewer\",\"new\":\"admin\"}}");
        assertThat(entries.get(0).get("changes").toString()).isEqualTo("{\"role\":{\"old\":\"admin\",\"new\":null}}");
        assertThat(entries.get(0).get("actor").get("id").asText()).isEqualTo("admin");
        assertThat(entries.get(0).get("target").get("id").asText()).isEqualTo("rolf");
    }

    @Test
    void aRoleIsSetForTheUserWhateverTheCaseOfTheNameSent() {
        addUser("Quinn", "quinn-password-123456", "viewer");
        setRole("QUINN", "admin");

        assertThat(notice(admin.get(USERS).body())).isEqualTo("Quinn is admin now.");
        assertThat(entries("web_user.role_changed", "Quinn")).hasSize(1);
    }

    @Test
    void settingTheRoleAUserAlreadyHasRecordsNothing() {
        addUser("stella", "stella-password-123456", "admin");
        setRole("stella", "admin");

        assertThat(entries("web_user.role_changed", "stella")).isEmpty();
    }

    @Test
    void aNameThatIsTakenAddsNoUserAndRecordsNothing() {
        addUser("tom", "tom-password-1234567", "viewer");
        addUser("tom", "other-password-1234567", "super-admin");

        assertThat(entries("web_user.added", "tom")).hasSize(1);
    }

    @Test
    void aNameDifferingFromAnExistingOneOnlyInCaseAddsNoSecondUserAndTheNoticeNamesTheExistingOne() {
        HttpResponse<String> added = admin.submit(USERS, USERS,
                Map.of("username", "ADMIN", "password", "shadow-password-1234567", "role", "viewer"));
        expect303(added);
        String page = admin.get(USERS).body();
        assertThat(notice(page)).isEqualTo("User admin exists already; set their role below.");
        assertThat(page).doesNotContain(">ADMIN<");
        assertThat(entries("web_user.added", "ADMIN")).isEmpty();
        assertThat(WebUsers.verify(dataDir, "ADMIN", "shadow-password-1234567")).as("the password typed was set for no one").isFalse();
        assertThat(new WebUsers(dataDir).users()).extracting(WebUsers.WebUser::name).containsOnlyOnce("admin").doesNotContain("ADMIN");
    }

    @Test
    void addingAgainInAnotherCaseAUserWhoseRoleWasRemovedGivesTheExistingUserTheRole() {
        addUser("walter", "walter-password-1234567", "viewer");
        setRole("walter", "");

        expect303(admin.submit(USERS, USERS, Map.of("username", "Walter", "password", "another-password-1234567", "role", "admin")));
        assertThat(notice(admin.get(USERS).body()))
                .isEqualTo("User walter exists already, with their own password; they are admin here now.");
        assertThat(entries("web_user.role_changed", "walter").get(0).get("changes").toString())
                .isEqualTo("{\"role\":{\"old\":null,\"new\":\"admin\"}}");
    }

    @Test
    void aPasswordOfOnlySpacesIsRefusedForANewUserAndAsANewPassword() {
        String spaces = " ".repeat(12);
        expect303(admin.submit(USERS, USERS, Map.of("username", "xaver", "password", spaces, "role", "viewer")));
        assertThat(notice(admin.get(USERS).body())).isEqualTo("A password cannot be only spaces.");
        assertThat(entries("web_user.added", "xaver")).isEmpty();

        addUser("yara", "yara-password-1234567", "viewer");
        expect303(admin.submit(USERS, USERS + "/password", Map.of("username", "yara", "password", spaces)));
        assertThat(notice(admin.get(USERS).body())).isEqualTo("A password cannot be only spaces.");
        new WebClient(server).signIn("yara", "yara-password-1234567");
    }

    @Test
    void addingAgainAUserWhoseRoleWasRemovedGivesThemTheRoleAndKeepsTheirPassword() {
        addUser("ruth", "ruth-password-1234567", "viewer");
        setRole("ruth", "");
        String removed = admin.get(USERS).body();
        assertThat(removed).doesNotContain(">ruth<");
        assertThat(notice(removed)).isEqualTo("ruth has no role on this tenant now, so is no longer listed here; add them by name "
                + "again to give them one.");

        HttpResponse<String> again = admin.submit(USERS, USERS,
                Map.of("username", "ruth", "password", "another-password-1234567", "role", "admin"));
        expect303(again);
        String page = admin.get(USERS).body();
        assertThat(notice(page)).isEqualTo("User ruth exists already, with their own password; they are admin here now.");
        assertThat(entries("web_user.role_changed", "ruth").get(0).get("changes").toString())
                .isEqualTo("{\"role\":{\"old\":null,\"new\":\"admin\"}}");
        WebClient ruth = new WebClient(server);
        ruth.signIn("ruth", "ruth-password-1234567");
        assertThat(ruth.get("/t/default/audit-log").statusCode()).isEqualTo(200);
    }

    @Test
    void theOutcomeOfAFormIsShownOnceOnThePageItReturnsTo() {
        HttpResponse<String> added = admin.submit(USERS, USERS,
                Map.of("username", "uma", "password", "uma-password-1234567", "role", "viewer"));
        assertThat(WebClient.location(added)).isEqualTo(USERS);
        assertThat(notice(admin.get(USERS).body())).isEqualTo("User uma added as viewer.");
        assertThat(notice(admin.get(USERS).body())).as("shown once").isNull();
    }

    @Test
    void creatingAKeyRedirectsToAPageShowingItsSecretOnceSoAReloadCreatesNoSecondKey() {
        HttpResponse<String> created = admin.submit(USERS, KEYS, Map.of("name", "deploy-bot", "scope_read", "on"));
        expect303(created);
        assertThat(WebClient.location(created)).isEqualTo(USERS);
        String page = admin.get(USERS).body();
        assertThat(notice(page)).isEqualTo("Key deploy-bot created. Copy its secret now: it is not shown again.");
        String secret = secret(page);
        expect(server.get("/api/v1/tenants/default/events", secret), 200);

        String reloaded = admin.get(USERS).body();
        assertThat(secret(reloaded)).as("shown once").isNull();
        assertThat(reloaded).doesNotContain(secret);
        JsonNode keys = json(expect(server.get("/api/v1/tenants/default/keys", TestServer.MASTER), 200));
        assertThat(keys.findValuesAsText("name")).containsOnlyOnce("deploy-bot");
    }

    @Test
    void aKeyWithoutAScopeIsRefusedByANoticeOnThePageAfterARedirect() {
        expect303(admin.submit(USERS, KEYS, Map.of("name", "no-scope")));
        String page = admin.get(USERS).body();
        assertThat(notice(page)).isEqualTo("A key needs a name (at most 100 characters) and at least one scope.");
        assertThat(secret(page)).isNull();
    }

    @Test
    void theAddressOfAFormOpenedWithGetLeadsToThePageOfTheForm() {
        for (String form : new String[] {KEYS, KEYS + "/revoke", USERS + "/role", USERS + "/unlock"}) {
            HttpResponse<String> res = admin.get(form);
            assertThat(res.statusCode()).as(form).isEqualTo(303);
            assertThat(WebClient.location(res)).as(form).isEqualTo(USERS);
        }
    }

    @Test
    void textInTheUrlIsNeverShownAsANotice() {
        String body = admin.get(USERS + "?message=" + WebClient.encode("Your password expired: call 555-0100")).body();
        assertThat(notice(body)).isNull();
        assertThat(body).doesNotContain("555-0100");
    }

    @Test
    void aTenantCreatedOverTheApiHasTheSuperAdminsOfDefaultAsItsFirstSuperAdminsOnRecord() {
        addUser("vera", "vera-password-1234567", "viewer");
        server.createTenant("acme");

        assertThat(admin.get("/t/acme/audit-log").statusCode()).isEqualTo(200);
        assertThat(admin.get("/t/acme/users").statusCode()).as("so they can add the tenant's own users").isEqualTo(200);
        WebClient vera = new WebClient(server);
        vera.signIn("vera", "vera-password-1234567");
        assertThat(vera.get("/t/acme/audit-log").statusCode()).as("a viewer of default gets nothing").isEqualTo(403);
        JsonNode grant = json(expect(server.get("/api/v1/tenants/acme/events?action=web_user.role_changed", TestServer.MASTER), 200))
                .get("entries");
        assertThat(grant).hasSize(1);
        assertThat(grant.get(0).get("target").get("id").asText()).isEqualTo("admin");
        assertThat(grant.get(0).get("actor").get("id").asText()).isEqualTo("master-key");
        assertThat(grant.get(0).get("changes").toString()).isEqualTo("{\"role\":{\"old\":null,\"new\":\"super-admin\"}}");
    }

    /** The text of the page's status notice, or null when it shows none. */
    private static String notice(String html) {
        Matcher m = Pattern.compile("<p class=\"notice\" role=\"status\">([^<]*)</p>").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    /** The new key's secret the page shows, or null when it shows none. */
    private static String secret(String html) {
        Matcher m = Pattern.compile("<code id=\"new-secret\">([^<]*)</code>").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private void addUser(String name, String password, String role) {
        expect303(admin.submit(USERS, USERS, Map.of("username", name, "password", password, "role", role)));
    }

    private void setRole(String name, String role) {
        expect303(admin.submit(USERS, USERS + "/role", Map.of("username", name, "role", role)));
    }

    private static void expect303(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(303);
    }

    /** The entries of an action about one web user, newest first. */
    private static JsonNode entries(String action, String user) {
        JsonNode all = json(expect(server.get("/api/v1/tenants/default/events?channel=settings&action=" + action,
                TestServer.MASTER), 200)).get("entries");
        ArrayNode about = TestServer.JSON.createArrayNode();
        all.forEach(e -> {
            if (e.path("target").path("id").asText().equals(user)) about.add(e);
        });
        return about;
    }

    private static JsonNode onlyEntry(String action, String user) {
        JsonNode entries = entries(action, user);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
