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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(label("Retention (days)").getAttribute("aria-describedby")).as("no message yet to point at").isNull();
        assertThat(label("Tracking rules").getAttribute("aria-describedby")).isEqualTo("h-tracking_rules");
        label("Retention (days)").fill("29");
        label("Tracking rules").fill("invoice: created");
        Response answer = saveAndStayOnTheForm();

        assertThat(answer.status()).isEqualTo(422);
        assertThat(page.locator("#e-retention_days").textContent())
                .isEqualTo("Retention is at least 30 days: the 30-day floor keeps every entry for at least 30 days.");
        assertThat(page.locator(".field-error").count()).isEqualTo(1);
        assertThat(label("Retention (days)").getAttribute("aria-invalid")).as("marked for screen readers").isEqualTo("true");
        assertThat(page.evaluate("document.activeElement.id")).as("focus on the field, which reads its message").isEqualTo("s-retention");
        assertThat(label("Tracking rules").getAttribute("aria-invalid")).isNull();
        assertThat(label("Retention (days)").getAttribute("aria-describedby")).isEqualTo("e-retention_days");
        assertThat(label("Retention (days)").inputValue()).isEqualTo("29");
        assertThat(label("Tracking rules").inputValue()).isEqualTo("invoice: created");

        label("Retention (days)").fill("3000000000");
        saveAndStayOnTheForm();
        assertThat(page.locator("#e-retention_days").textContent()).isEqualTo("Retention is at most 36500 days (100 years).");

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
        assertThat(page.locator("#e-ip_allowlist").textContent()).contains("is not in the IP allowlist").contains("shut you out");
        assertThat(label("IP allowlist").inputValue()).isEqualTo("10.0.0.0/8");
        assertThat(server.server.store().settings("locked")).isEqualTo(Settings.DEFAULT);
        assertThat(settingsEntries("locked")).isEmpty();
    }

    /** The address is written as entries and the allowlist write it ({@code ::1}), not as Java does ({@code 0:0:0:0:0:0:0:1}). */
    @Test
    void theRefusalOfAnAllowlistShuttingOutTheAdminNamesTheirIpv6AddressInItsShortForm() {
        String settingsPage = tenantWithUser("local6", "ivo", WebRole.ADMIN);
        WebClient ivo = new WebClient(server, "[::1]");
        ivo.signIn("ivo", PASSWORD);
        HttpResponse<String> refused = ivo.submit(settingsPage, settingsPage, Map.of("retention_days", "365", "tracking_default", "all",
                "ip_allowlist", "10.0.0.0/8", "archive_type", "none"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Your address ::1 is not in the IP allowlist").doesNotContain("0:0:0:0:0:0:0:1");
        assertThat(server.server.store().settings("local6")).isEqualTo(Settings.DEFAULT);
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

    /**
     * An archive that cannot be reached is shown as the API's settings answer has it ({@code archive.delivery}): the
     * error and the failures in a row, and that retention keeps what is not delivered.
     */
    @Test
    void anArchiveThatFailsIsShownWithItsErrorTheFailuresInARowAndThatRetentionCannotPruneWhatItHasNotTaken() throws InterruptedException {
        String settingsPage = tenantWithUser("unreached", "uwe", WebRole.ADMIN);
        expect(server.send("PUT", "/api/v1/tenants/unreached/settings", TestServer.MASTER, "application/json",
                ("{\"archive\":{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/nowhere\",\"secret\":\"" + SECRET + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)), 200); // recorded as an entry, which the archive then fails to take
        JsonNode before = delivery("unreached");
        for (int i = 0; i < 100 && before.path("ok").asBoolean(true); i++) { // absent until the first attempt
            Thread.sleep(50);
            before = delivery("unreached");
        }
        assertThat(before.get("ok").asBoolean()).as("the API says delivery fails").isFalse();
        WebClient uwe = new WebClient(server);
        uwe.signIn("uwe", PASSWORD);

        String shown = text(uwe.get(settingsPage).body(), "archive-delivery");
        JsonNode after = delivery("unreached");
        assertThat(shown).contains("Delivery to the archive is failing: " + before.get("error").asText());
        Matcher failures = Pattern.compile("\\((\\d+) failed attempts? in a row").matcher(shown);
        assertThat(failures.find()).as(shown).isTrue();
        assertThat(Integer.parseInt(failures.group(1))).isBetween(before.get("consecutive_failures").asInt(),
                after.get("consecutive_failures").asInt());
        assertThat(shown).contains("Retention cannot prune entries not yet delivered");
    }

    @Test
    void anArchiveThatWorksSaysSoAndATenantWithoutOneShowsNoDelivery(@TempDir Path archiveDir) throws InterruptedException {
        String archived = tenantWithUser("archived", "arne", WebRole.ADMIN);
        server.server.store().saveSettings("archived", new Settings(365, Tracking.ALL, List.of(), Archive.file(archiveDir.toString())));
        for (int i = 0; i < 100 && !delivery("archived").path("ok").asBoolean(); i++) Thread.sleep(50);
        WebClient arne = new WebClient(server);
        arne.signIn("arne", PASSWORD);
        assertThat(text(arne.get(archived).body(), "archive-delivery")).contains("Delivery to the archive works")
                .contains("Retention never prunes an entry the archive has not taken");

        server.createTenant("unarchived");
        new WebUsers(dataDir).setRole("arne", "unarchived", WebRole.ADMIN);
        assertThat(arne.get("/t/unarchived/settings").body()).doesNotContain("archive-delivery").doesNotContain("Delivery to the archive");
    }

    /**
     * Until delivery to a new archive has been tried, neither the API nor the page says it works: a directory the
     * server cannot write showed "ok" until the first delivery failed. A receiver holding the first delivery keeps that
     * moment open.
     */
    @Test
    void anArchiveNotYetTriedIsNotSaidToWork() throws Exception {
        String settingsPage = tenantWithUser("untried", "ute", WebRole.ADMIN);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/in", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hook.start();
        try {
            JsonNode saved = json(expect(server.send("PUT", "/api/v1/tenants/untried/settings", TestServer.MASTER, "application/json",
                    ("{\"archive\":{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:" + hook.getAddress().getPort() + "/in\",\"secret\":\""
                            + SECRET + "\"}}").getBytes(StandardCharsets.UTF_8)), 200));
            assertThat(saved.get("archive").has("delivery")).as("the answer to the change").isFalse();
            assertThat(delivery("untried").isMissingNode()).as("the settings while the first delivery is under way").isTrue();
            WebClient ute = new WebClient(server);
            ute.signIn("ute", PASSWORD);
            assertThat(text(ute.get(settingsPage).body(), "archive-delivery")).startsWith("Delivery to the archive has not been tried yet")
                    .doesNotContain("works");

            answer.countDown();
            for (int i = 0; i < 100 && !delivery("untried").path("ok").asBoolean(); i++) Thread.sleep(50);
            assertThat(delivery("untried").get("ok").asBoolean()).isTrue();
            assertThat(text(ute.get(settingsPage).body(), "archive-delivery")).contains("Delivery to the archive works");
        } finally {
            answer.countDown();
            hook.stop(0);
        }
    }

    /** The text of the element with that id, tags removed and white space folded. */
    private static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">(.*?)</div>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the page has #" + id).isTrue();
        return m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
    }

    private static JsonNode delivery(String tenant) {
        return json(expect(server.get("/api/v1/tenants/" + tenant + "/settings", TestServer.MASTER), 200)).get("archive").path("delivery");
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
