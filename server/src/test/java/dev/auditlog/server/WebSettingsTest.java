package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.settings.Archive;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.settings.Tracking;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings form in a real browser: an admin edits retention, tracking, the IP allowlist and the archive,
 * through the API's validation and recording; errors show beside their field. Each test has a tenant of its own.
 */
class WebSettingsTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SECRET = "webhook-secret-0123456789";
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    @TempDir
    static Path dataDir;
    private static TestServer server;
    @RegisterExtension
    static final TestBrowser chromium = new TestBrowser(new Browser.NewContextOptions().setViewportSize(1280, 1400));

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
    void openPage() {
        page = chromium.page();
    }

    @Test
    void anAdminSavesEverySettingAndTheChangeIsASettingsEntryWithoutTheSecret() {
        String settingsPage = tenantWithUser("saved", "ada", WebRole.ADMIN);
        signIn("ada", settingsPage);
        label("Retention (days)").fill("90");
        label("Record events by default").selectOption("none");
        label("Tracking rules").fill("invoice: created, deleted");
        label("IP allowlist").fill("127.0.0.0/8\n::1/128");
        label("Archive").selectOption("webhook");
        label("Webhook URL").fill("https://archive.example.com/in");
        label("Webhook secret").fill(SECRET);
        page.getByText("Save settings").click();

        page.waitForURL(u -> u.endsWith(settingsPage));
        assertThat(page.locator(".notice").textContent()).isEqualTo("Settings saved.");
        assertThat(label("Retention (days)").inputValue()).isEqualTo("90");
        assertThat(label("Tracking rules").inputValue()).isEqualTo("invoice: created, deleted");
        assertThat(label("Webhook secret").inputValue()).isEmpty();
        assertThat(page.content()).doesNotContain(SECRET);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("settings.png")));

        Settings saved = server.server.store().settings("saved");
        assertThat(saved.retentionDays()).isEqualTo(90);
        assertThat(saved.tracking()).isEqualTo(new Tracking(false, List.of(
                new Tracking.Rule("invoice", Set.of(EventType.CREATED, EventType.DELETED)))));
        assertThat(saved.ipAllowlist()).hasSize(2);
        assertThat(saved.archive()).isEqualTo(Archive.webhook("https://archive.example.com/in", SECRET));
        JsonNode entry = settingsEntries("saved").get(0);
        assertThat(entry.get("actor").get("id").asText()).isEqualTo("ada");
        assertThat(entry.get("changes").get("retention_days").toString()).isEqualTo("{\"old\":365,\"new\":90}");
        assertThat(entry.toString()).doesNotContain(SECRET);
    }

    @Test
    void savingWithTheSecretLeftBlankKeepsIt() {
        String settingsPage = tenantWithUser("kept", "ben", WebRole.ADMIN);
        server.server.store().saveSettings("kept", new Settings(365, Tracking.ALL, List.of(),
                Archive.webhook("https://archive.example.com/in", SECRET)));
        signIn("ben", settingsPage);
        assertThat(label("Webhook secret").getAttribute("placeholder")).contains("leave blank to keep");
        label("Retention (days)").fill("400");
        page.getByText("Save settings").click();

        page.waitForURL(u -> u.endsWith(settingsPage));
        assertThat(server.server.store().settings("kept").archive().secret()).isEqualTo(SECRET);
        assertThat(server.server.store().settings("kept").retentionDays()).isEqualTo(400);
    }

    @Test
    void anInvalidValueIsShownBesideItsFieldKeepsWhatWasTypedAndSavesNothing() {
        String settingsPage = tenantWithUser("invalid", "cleo", WebRole.ADMIN);
        signIn("cleo", settingsPage);
        label("Retention (days)").fill("29");
        label("Tracking rules").fill("invoice: created");
        Response answer = saveAndStayOnTheForm();

        assertThat(answer.status()).isEqualTo(422);
        assertThat(page.locator("#e-retention_days").textContent()).contains("30-day floor");
        assertThat(page.locator(".field-error").count()).isEqualTo(1);
        assertThat(label("Retention (days)").inputValue()).isEqualTo("29");
        assertThat(label("Tracking rules").inputValue()).isEqualTo("invoice: created");

        label("Retention (days)").fill("3000000000");
        saveAndStayOnTheForm();
        assertThat(page.locator("#e-retention_days").textContent()).contains("at most 36500");

        label("Retention (days)").fill("60");
        label("IP allowlist").fill("127.0.0.0/8\n10.0.0.0/33");
        saveAndStayOnTheForm();
        assertThat(page.locator("#e-ip_allowlist").textContent()).startsWith("CIDR 2: not a CIDR");
        assertThat(server.server.store().settings("invalid")).isEqualTo(Settings.DEFAULT);
        assertThat(settingsEntries("invalid")).isEmpty();
    }

    @Test
    void anAllowlistLeavingOutTheAdminsOwnAddressIsRefusedBesideItsField() {
        String settingsPage = tenantWithUser("locked", "lena", WebRole.ADMIN);
        signIn("lena", settingsPage);
        label("IP allowlist").fill("10.0.0.0/8");
        Response answer = saveAndStayOnTheForm();

        assertThat(answer.status()).isEqualTo(422);
        assertThat(page.locator("#e-ip_allowlist").textContent()).contains("is not in it").contains("shut you out");
        assertThat(label("IP allowlist").inputValue()).isEqualTo("10.0.0.0/8");
        assertThat(server.server.store().settings("locked")).isEqualTo(Settings.DEFAULT);
        assertThat(settingsEntries("locked")).isEmpty();
    }

    @Test
    void aViewerGetsNoFormAndCannotPostOne() {
        tenantWithUser("viewed", "vic", WebRole.VIEWER);
        WebClient vic = new WebClient(server);
        vic.signIn("vic", PASSWORD);
        assertThat(vic.get("/t/viewed/settings").statusCode()).isEqualTo(403);
        assertThat(vic.submit("/t/viewed/audit-log", "/t/viewed/settings", Map.of("retention_days", "90", "tracking_default", "all",
                "archive_type", "none")).statusCode()).isEqualTo(403);
        assertThat(server.server.store().settings("viewed")).isEqualTo(Settings.DEFAULT);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefused() {
        tenantWithUser("forged", "finn", WebRole.ADMIN);
        WebClient finn = new WebClient(server);
        finn.signIn("finn", PASSWORD);
        assertThat(finn.post("/t/forged/settings", Map.of("csrf", "forged", "retention_days", "90", "tracking_default", "all",
                "archive_type", "none")).statusCode()).isEqualTo(403);
        assertThat(server.server.store().settings("forged")).isEqualTo(Settings.DEFAULT);
    }

    /** Creates the tenant and a web user with the role on it; answers the tenant's settings page. */
    private static String tenantWithUser(String tenant, String user, WebRole role) {
        server.createTenant(tenant);
        new WebUsers(dataDir).add(user, PASSWORD, tenant, role);
        return "/t/" + tenant + "/settings";
    }

    private void signIn(String user, String path) {
        page.navigate(server.uri(path).toString());
        page.getByLabel("User name").fill(user);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByText("Sign in", new Page.GetByTextOptions().setExact(true)).last().click();
        page.waitForURL(u -> u.endsWith(path));
    }

    /** Saves a form the page refuses, which it answers with itself (the 422 with the error beside its field). */
    private Response saveAndStayOnTheForm() {
        return page.waitForNavigation(() -> page.getByText("Save settings").click());
    }

    private Locator label(String text) {
        return page.getByLabel(text, new Page.GetByLabelOptions().setExact(true));
    }

    private static JsonNode settingsEntries(String tenant) {
        return json(expect(server.get("/api/v1/tenants/" + tenant + "/events?channel=settings&action=settings.updated",
                TestServer.MASTER), 200)).get("entries");
    }
}
