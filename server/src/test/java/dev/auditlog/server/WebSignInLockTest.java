package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-in lock as super-admins meet it on the users page: anyone's failed guesses lock a name, so the page shows
 * the lock, and a super-admin who may set the user's password lifts it, by Unlock or by a new password, on record.
 * The names are locked once for the class (the back-offs take about 15 s), a name for each test.
 */
class WebSignInLockTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String USERS = "/t/default/users";

    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        server.createTenant("shared"); // admin is its super-admin, as of every tenant created over the API
        server.createTenant("foreign");
        WebUsers users = new WebUsers(dataDir);
        users.setRole("admin", "foreign", null);
        for (String name : List.of("lena", "lotte", "lars", "hugo", "vic")) users.add(name, PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.add("ada", PASSWORD, Tenant.DEFAULT, WebRole.ADMIN);
        users.setRole("lena", "shared", WebRole.VIEWER);
        users.setRole("hugo", "foreign", WebRole.VIEWER);
        lockOut("lena", "lotte", "lars", "hugo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aLockedUserIsShownLockedWithTheTimeLeftAndAnUnlockButton() {
        String page = admin().get(USERS).body();

        assertThat(row(page, "lars")).containsPattern("<span class=\"badge badge-deleted\">locked</span> for 1[0-5] minutes")
                .contains("action=\"/t/default/users/unlock\"").contains(">Unlock</button>");
        assertThat(row(page, "vic")).doesNotContain("locked").doesNotContain("Unlock");
    }

    @Test
    void anUnlockLetsTheRightPasswordInAtOnceAndIsRecordedInEveryTenantOfTheUser() {
        assertThat(signIn("lena", PASSWORD).statusCode()).as("locked").isEqualTo(429);
        WebClient admin = admin();

        assertThat(admin.submit(USERS, USERS + "/unlock", Map.of("username", "lena")).statusCode()).isEqualTo(303);

        String page = admin.get(USERS).body();
        assertThat(notice(page)).isEqualTo("lena is unlocked and can sign in now.");
        assertThat(row(page, "lena")).doesNotContain("locked");
        assertThat(signIn("lena", PASSWORD).statusCode()).isEqualTo(303);
        for (String tenant : List.of(Tenant.DEFAULT, "shared")) {
            List<JsonNode> entries = unlocks(tenant, "lena");
            assertThat(entries).as(tenant).hasSize(1);
            assertThat(entries.get(0).get("actor").get("id").asText()).isEqualTo("admin");
            assertThat(entries.get(0).get("description").asText()).isEqualTo("Sign-in lock of web user lena lifted by admin");
        }
    }

    @Test
    void aNewPasswordSetByASuperAdminLiftsTheLock() {
        admin().submit(USERS, USERS + "/password", Map.of("username", "lotte", "password", "lotte-new-password"));

        assertThat(signIn("lotte", "lotte-new-password").statusCode()).isEqualTo(303);
    }

    @Test
    void aViewerOrAnAdminCannotUnlock() {
        for (String name : List.of("vic", "ada")) {
            WebClient user = new WebClient(server);
            user.signIn(name, PASSWORD);
            HttpResponse<String> refused = user.submit("/t/default/audit-log", USERS + "/unlock", Map.of("username", "lars"));
            assertThat(refused.statusCode()).as(name).isEqualTo(403);
        }
        assertThat(signIn("lars", PASSWORD).statusCode()).as("still locked").isEqualTo(429);
        assertThat(unlocks(Tenant.DEFAULT, "lars")).isEmpty();
    }

    @Test
    void noUnlockIsOfferedNorDoneForAUserWhoAlsoWorksOnATenantTheSuperAdminDoesNotAdminister() {
        WebClient admin = admin();
        assertThat(row(admin.get(USERS).body(), "hugo")).contains("locked</span> for").doesNotContain("Unlock");

        admin.submit(USERS, USERS + "/unlock", Map.of("username", "hugo"));

        assertThat(notice(admin.get(USERS).body()))
                .isEqualTo("hugo also has a role on a tenant you are not super-admin of: you cannot lift their sign-in lock.");
        assertThat(signIn("hugo", PASSWORD).statusCode()).as("still locked").isEqualTo(429);
        assertThat(unlocks(Tenant.DEFAULT, "hugo")).isEmpty();
    }

    /**
     * Fails sign-in under each name until it is locked for 15 minutes, the names in turn so that their back-offs
     * (none, none, 2 s, 4 s) run side by side.
     */
    private static void lockOut(String... names) {
        WebClient guesser = new WebClient(server);
        Set<String> open = new LinkedHashSet<>(List.of(names));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!open.isEmpty()) {
            assertThat(Instant.now()).as("locked in time: " + open).isBefore(deadline);
            open.removeIf(name -> guesser.submit("/login", "/login", Map.of("username", name, "password", "a wrong guess"))
                    .body().contains("Try again in 15 minutes."));
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> signIn(String name, String password) {
        return new WebClient(server).submit("/login", "/login", Map.of("username", name, "password", password));
    }

    private static WebClient admin() {
        WebClient admin = new WebClient(server);
        admin.signIn("admin", PASSWORD);
        return admin;
    }

    /** The table row of one user on the users page. */
    private static String row(String html, String user) {
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(user) + "</td>.*?</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("a row for " + user).isTrue();
        return m.group();
    }

    private static String notice(String html) {
        Matcher m = Pattern.compile("<p class=\"notice\" role=\"status\">([^<]*)</p>").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private static List<JsonNode> unlocks(String tenant, String user) {
        JsonNode all = json(expect(server.get("/api/v1/tenants/" + tenant + "/events?channel=settings&action=web_user.unlocked",
                TestServer.MASTER), 200)).get("entries");
        List<JsonNode> about = new ArrayList<>();
        all.forEach(e -> {
            if (e.path("target").path("id").asText().equals(user)) about.add(e);
        });
        return about;
    }
}
