package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords on the web pages: users change their own on their account page, a super-admin sets a new one for a
 * user who forgot theirs. Either way the old one stops working, the user's other sessions end, and every tenant the
 * user has a role on records the change, without the password.
 */
class WebPasswordChangeTest {
    private static final String ADMIN_PASSWORD = "correct horse battery staple";
    private static final String ACCOUNT = "/t/default/account";
    private static final String USERS = "/t/default/users";

    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, ADMIN_PASSWORD);
        server.createTenant("other");
        new WebUsers(dataDir).setRole("admin", "other", null); // admin of default, not of other, for what the tests need
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aUserWhoChangesTheirPasswordSignsInWithTheNewOneOnlyAndTheirOtherSessionsEnd() {
        addUser("carla", "carla-first-password", WebRole.VIEWER);
        WebClient here = new WebClient(server);
        String oldSession = sessionCookie(here.signIn("carla", "carla-first-password"));
        WebClient elsewhere = signedIn("carla", "carla-first-password");

        HttpResponse<String> changed = here.submit(ACCOUNT, ACCOUNT, Map.of("current_password", "carla-first-password",
                "new_password", "carla-second-password", "confirm_password", "carla-second-password"));

        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(sessionCookie(changed)).as("this browser's new session id").isNotNull().isNotEqualTo(oldSession);
        assertThat(notice(here.get(ACCOUNT).body())).isEqualTo("Your password is changed. Your other sessions are signed out.");
        assertThat(here.get("/t/default/audit-log").statusCode()).as("this browser stays signed in").isEqualTo(200);
        assertThat(elsewhere.get("/t/default/audit-log").statusCode()).as("the other session is signed out").isEqualTo(303);
        assertThat(new WebClient(server).get("/t/default/audit-log", Map.of("Cookie", oldSession)).statusCode())
                .as("whoever held this browser's old session id").isEqualTo(303);
        signedIn("carla", "carla-second-password");
        assertThat(new WebClient(server).submit("/login", "/login", Map.of("username", "carla", "password", "carla-first-password"))
                .statusCode()).as("the old password").isEqualTo(401);
    }

    @Test
    void aChangedPasswordIsAnEntryInEveryTenantOfTheUserWithoutThePassword() {
        addUser("dora", "dora-first-password", WebRole.VIEWER);
        new WebUsers(dataDir).setRole("dora", "other", WebRole.ADMIN);

        signedIn("dora", "dora-first-password").submit(ACCOUNT, ACCOUNT, Map.of("current_password", "dora-first-password",
                "new_password", "dora-second-password", "confirm_password", "dora-second-password"));

        for (String tenant : List.of("default", "other")) {
            List<JsonNode> entries = passwordChanges(tenant, "dora");
            assertThat(entries).as(tenant).hasSize(1);
            JsonNode entry = entries.get(0);
            assertThat(entry.get("actor").get("id").asText()).isEqualTo("dora");
            assertThat(entry.get("event").asText()).isEqualTo("updated");
            assertThat(entry.get("description").asText()).isEqualTo("Password of web user dora changed");
            assertThat(entry.toString()).doesNotContain("dora-first-password").doesNotContain("dora-second-password")
                    .doesNotContain("argon2");
        }
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        addUser("emil", "emil-first-password", WebRole.VIEWER);
        WebClient emil = signedIn("emil", "emil-first-password");

        HttpResponse<String> refused = emil.submit(ACCOUNT, ACCOUNT, Map.of("current_password", "not-the-password",
                "new_password", "emil-second-password", "confirm_password", "emil-second-password"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(fieldError(refused.body())).isEqualTo("The current password is wrong.");
        assertThat(passwordChanges("default", "emil")).isEmpty();
        assertThat(WebUsers.verify(dataDir, "emil", "emil-first-password")).isTrue();
    }

    @Test
    void aNewPasswordThatIsTooShortOrTypedDifferentlyTheSecondTimeIsRefused() {
        addUser("fritz", "fritz-first-password", WebRole.VIEWER);
        WebClient fritz = signedIn("fritz", "fritz-first-password");

        HttpResponse<String> tooShort = fritz.submit(ACCOUNT, ACCOUNT, Map.of("current_password", "fritz-first-password",
                "new_password", "short", "confirm_password", "short"));
        HttpResponse<String> differs = fritz.submit(ACCOUNT, ACCOUNT, Map.of("current_password", "fritz-first-password",
                "new_password", "fritz-second-password", "confirm_password", "fritz-second-passwort"));

        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(fieldError(tooShort.body())).isEqualTo("A password has at least 12 characters.");
        assertThat(differs.statusCode()).isEqualTo(400);
        assertThat(fieldError(differs.body())).isEqualTo("The two new passwords differ.");
        signedIn("fritz", "fritz-first-password");
    }

    @Test
    void aNewPasswordOfOnlySpacesIsRefused() {
        addUser("ida", "ida-first-password", WebRole.VIEWER);
        String spaces = " ".repeat(12);

        HttpResponse<String> refused = signedIn("ida", "ida-first-password").submit(ACCOUNT, ACCOUNT,
                Map.of("current_password", "ida-first-password", "new_password", spaces, "confirm_password", spaces));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(fieldError(refused.body())).isEqualTo("A password cannot be only spaces.");
        assertThat(passwordChanges("default", "ida")).isEmpty();
        signedIn("ida", "ida-first-password");
    }

    @Test
    void aSuperAdminSetsANewPasswordForAUserWhoseSessionsThenEnd() {
        addUser("gina", "gina-first-password", WebRole.VIEWER);
        WebClient gina = signedIn("gina", "gina-first-password");

        admin().submit(USERS, USERS + "/password", Map.of("username", "gina", "password", "gina-new-password"));

        assertThat(gina.get("/t/default/audit-log").statusCode()).as("signed out").isEqualTo(303);
        signedIn("gina", "gina-new-password");
        List<JsonNode> entries = passwordChanges("default", "gina");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("actor").get("id").asText()).isEqualTo("admin");
        assertThat(entries.get(0).get("description").asText()).isEqualTo("Password of web user gina changed by admin");
    }

    @Test
    void aSuperAdminCannotSetThePasswordOfAUserWhoAlsoWorksOnATenantTheyDoNotAdminister() {
        addUser("hugo", "hugo-first-password", WebRole.VIEWER);
        new WebUsers(dataDir).setRole("hugo", "other", WebRole.VIEWER);
        WebClient admin = admin();

        admin.submit(USERS, USERS + "/password", Map.of("username", "hugo", "password", "taken-over-password"));

        assertThat(notice(admin.get(USERS).body()))
                .isEqualTo("hugo also has a role on a tenant you are not super-admin of: only they can change their password.");
        signedIn("hugo", "hugo-first-password");
        assertThat(passwordChanges("default", "hugo")).isEmpty();
    }

    @Test
    void theUsersPageOffersNoNewPasswordForAUserWhoAlsoWorksOnATenantTheSuperAdminDoesNotAdminister() {
        addUser("ines", "ines-first-password", WebRole.VIEWER);
        addUser("jana", "jana-first-password", WebRole.VIEWER);
        new WebUsers(dataDir).setRole("ines", "other", WebRole.VIEWER);

        String page = admin().get(USERS).body();

        assertThat(row(page, "ines")).doesNotContain("Set password").doesNotContain("type=\"password\"")
                .contains("Only they can: they also have a role on a tenant you are not super-admin of.");
        assertThat(row(page, "jana")).contains("Set password");
    }

    @Test
    void theUsersPageDoesNotSetTheSignedInSuperAdminsOwnPassword() {
        WebClient admin = admin();

        admin.submit(USERS, USERS + "/password", Map.of("username", "admin", "password", "a-password-without-the-current"));

        assertThat(notice(admin.get(USERS).body())).isEqualTo("Change your own password on your account page.");
        signedIn("admin", ADMIN_PASSWORD);
    }

    private static WebClient admin() {
        return signedIn("admin", ADMIN_PASSWORD);
    }

    private static WebClient signedIn(String user, String password) {
        WebClient client = new WebClient(server);
        client.signIn(user, password);
        return client;
    }

    private static void addUser(String name, String password, WebRole role) {
        HttpResponse<String> res = admin().submit(USERS, USERS, Map.of("username", name, "password", password, "role", role.wire()));
        assertThat(res.statusCode()).isEqualTo(303);
    }

    private static List<JsonNode> passwordChanges(String tenant, String user) {
        JsonNode all = json(expect(server.get("/api/v1/tenants/" + tenant + "/events?action=web_user.password_changed",
                TestServer.MASTER), 200)).get("entries");
        List<JsonNode> about = new ArrayList<>();
        all.forEach(e -> {
            if (e.path("target").path("id").asText().equals(user)) about.add(e);
        });
        return about;
    }

    /** The session cookie an answer sets, as a Cookie header sends it. */
    private static String sessionCookie(HttpResponse<?> res) {
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("auditlog_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
    }

    private static String notice(String html) {
        return match("<p class=\"notice\" role=\"status\">([^<]*)</p>", html);
    }

    /** The table row of one user on the users page. */
    private static String row(String html, String user) {
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(user) + "</td>.*?</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("a row for " + user).isTrue();
        return m.group();
    }

    private static String fieldError(String html) {
        return match("<p class=\"field-error\" id=\"e-password\" role=\"alert\">([^<]*)</p>", html);
    }

    private static String match(String regex, String html) {
        Matcher m = Pattern.compile(regex).matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
