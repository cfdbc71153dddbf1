package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revoking an API key on the users page, in a real browser: it cannot be undone, so the browser asks first, naming
 * the key; declined, the key keeps working. The notice afterwards names the key by its name and the start of its id.
 */
class WebKeyRevocationTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String USERS = "/t/default/users";

    @TempDir
    static Path dataDir;
    private static TestServer server;
    @RegisterExtension
    static final TestBrowser chromium = new TestBrowser(new Browser.NewContextOptions().setViewportSize(1280, 1000));

    private Page page;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void signIn() {
        page = chromium.page();
        page.navigate(server.uri(USERS).toString());
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByText("Sign in", new Page.GetByTextOptions().setExact(true)).last().click();
        page.waitForURL(u -> u.endsWith(USERS));
    }

    @Test
    void declinedTheQuestionNamingTheKeyRevokesNothing() {
        String id = createKey("deploy-bot");
        page.reload();
        List<String> asked = new ArrayList<>();
        page.onDialog(dialog -> {
            asked.add(dialog.type() + ": " + dialog.message());
            dialog.dismiss();
        });

        revokeButton("deploy-bot").click();

        assertThat(asked).containsExactly("confirm: Revoke key deploy-bot (" + id.substring(0, 4)
                + "…)? Every client using it is refused from then on. This cannot be undone.");
        assertThat(page.url()).endsWith(USERS);
        assertThat(page.locator(".notice").count()).isZero();
        assertThat(key(id).get("revoked_at").isNull()).as("still active").isTrue();
        assertThat(revokeButton("deploy-bot").isVisible()).isTrue();
    }

    @Test
    void acceptedTheKeyIsRevokedAndTheNoticeNamesItByNameAndTheStartOfItsId() {
        String id = createKey("ci-runner");
        page.reload();
        page.onDialog(dialog -> dialog.accept());

        page.waitForNavigation(() -> revokeButton("ci-runner").click());

        assertThat(page.locator(".notice").textContent()).isEqualTo("Key ci-runner (" + id.substring(0, 4) + "…) revoked.");
        assertThat(key(id).get("revoked_at").isNull()).as("revoked").isFalse();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key ci-runner")).count()).isZero();
    }

    private Locator revokeButton(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key " + name));
    }

    /** Creates a key through the API; answers its id. */
    private static String createKey(String name) {
        return json(expect(server.postJson("/api/v1/tenants/default/keys", TestServer.MASTER,
                "{\"name\":\"" + name + "\",\"scopes\":[\"read\"]}"), 201)).get("id").asText();
    }

    private static JsonNode key(String id) {
        for (JsonNode k : json(expect(server.get("/api/v1/tenants/default/keys", TestServer.MASTER), 200)).path("keys")) {
            if (k.get("id").asText().equals(id)) return k;
        }
        throw new AssertionError("no key " + id);
    }
}
