package dev.auditlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.Tenant;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a row and an entry page tell about an entry (its status, its action, its ids, its facts), the filters beyond
 * the filter bar's, and long values, in a real browser. The log is a handful of entries made for it; sign-ins add
 * {@code user.login} entries (channel {@code auth}, a user, 127.0.0.1), which no expected count below includes.
 */
class WebAuditLogFactsTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String LOG = "/t/default/audit-log";
    private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);
    private static final String LONG_NAME = "N".repeat(200);
    private static final String LONG_EMAIL = "e".repeat(240) + "@example.com";
    private static final String LONG_TARGET = "Quarterly report ".repeat(25);
    private static final String LONG_DESCRIPTION = "D".repeat(10_000);
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String LONG_VALUE = "V".repeat(3_000);

    @TempDir
    static Path dataDir;
    private static TestServer server;
    @RegisterExtension
    static final TestBrowser chromium = new TestBrowser(new Browser.NewContextOptions().setViewportSize(1440, 900));

    private Page page;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        Actor carol = new Actor(Actor.USER, "u_carol", "Carol Clerk", "carol@example.com");
        Target invoice9 = new Target("invoice", "inv-9", "Invoice 9", "https://app.example.com/invoices/9");
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        changes.putObject("amount").put("old", 120).put("new", 0);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("reason", "duplicate");
        ObjectNode longChange = JsonNodeFactory.instance.objectNode();
        longChange.putObject("body").putNull("old").put("new", LONG_VALUE);
        server.server.store().append(Tenant.DEFAULT, List.of(
                // A failed deletion that says nothing of itself: no description.
                new Event("invoice.deleted", EventType.DELETED, "billing", null, null, carol, invoice9,
                        List.of(new Concern("customer", "cus_1", "ACME Ltd")), "198.51.100.9", "curl/8.5.0", Event.ERROR,
                        changes, metadata, null),
                new Event("invoice.created", EventType.CREATED, "billing", "Invoice 9 created", null, carol, invoice9,
                        List.of(), "198.51.100.9", null, Event.SUCCESS, null, null, null),
                new Event("sync.ran", EventType.OTHER, "sync", "Nightly sync pulled 3 invoices", null,
                        new Actor(Actor.INTEGRATION, "int_sync", "Sync bot", null), new Target("invoice", "inv-10", null, null),
                        List.of(), "203.0.113.50", null, Event.SUCCESS, null, null, null),
                new Event("job.ran", EventType.OTHER, "jobs", "Cleanup ran", null, new Actor(Actor.SYSTEM, null, "Janitor", null),
                        null, List.of(), null, null, Event.SUCCESS, null, null, null),
                new Event("note.added", EventType.CREATED, "long", LONG_DESCRIPTION, null,
                        new Actor(Actor.USER, "u_long", LONG_NAME, LONG_EMAIL),
                        new Target("document", "doc-1", LONG_TARGET, "https://example.com/documents/1"), List.of(), "203.0.113.51", null,
                        Event.SUCCESS, longChange, null, null)));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void signIn() {
        page = chromium.page();
        page.navigate(url("/login"));
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByText("Sign in", new Page.GetByTextOptions().setExact(true)).last().click();
        page.waitForURL(u -> u.endsWith(LOG));
    }

    @Test
    void aFailedActionShowsARedStatusBadgeInItsRowAndOnItsEntryPageAndASuccessShowsNoneInItsRow() {
        page.navigate(url(LOG + "?channel=billing"));
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-status.png")));
        Locator failed = row("invoice.deleted").locator(".badge-failed");
        assertThat(failed.textContent()).isEqualTo("error");
        assertThat(failed.evaluate("b => getComputedStyle(b).backgroundColor")).isEqualTo("rgb(220, 38, 38)");
        assertThat(row("Invoice 9 created").locator(".badge-failed").count()).isZero();

        openEntry("invoice.deleted");
        assertThat(fact("Status").locator(".badge-failed").textContent()).isEqualTo("error");
        page.navigate(url(LOG + "?channel=billing"));
        openEntry("Invoice 9 created");
        assertThat(fact("Status").locator(".badge-success").textContent()).isEqualTo("success");
    }

    @Test
    void anIntegrationActingShowsTheIntegrationBadgeBesideItsNameInItsRowAndOnItsEntryPage() {
        page.navigate(url(LOG + "?channel=sync"));
        Locator actor = row("Nightly sync pulled 3 invoices").locator("td.actor");
        assertThat(actor.locator(".badge-integration").textContent()).isEqualTo("Integration");
        assertThat(actor.locator(".actor-name").textContent()).isEqualTo("Sync bot");
        page.navigate(url(LOG + "?channel=billing"));
        assertThat(row("Invoice 9 created").locator(".badge-integration").count()).as("a user").isZero();

        page.navigate(url(LOG + "?channel=sync"));
        openEntry("Nightly sync pulled 3 invoices");
        assertThat(fact("Actor").locator(".badge-integration").textContent()).isEqualTo("Integration");
    }

    /** The filters take ids; an administrator looks for a name, and picking it fills in the id. */
    @Test
    void actorAndConcernsSuggestTheRecentIdsLabelledWithTheirNames() {
        Locator actors = page.locator("#" + page.getByLabel("Actor", EXACT).getAttribute("list") + " option");
        assertThat(actors.evaluateAll("os => os.map(o => o.value + ' = ' + o.label)").toString())
                .contains("u_carol = Carol Clerk (carol@example.com)", "int_sync = Sync bot");
        Locator concerns = page.locator("#" + page.getByLabel("Concerns", EXACT).getAttribute("list") + " option");
        assertThat(concerns.evaluateAll("os => os.map(o => o.value + ' = ' + o.label)").toString())
                .contains("inv-9 = Invoice 9 (invoice)", "cus_1 = ACME Ltd (customer)", "inv-10 = invoice");

        page.getByLabel("Actor", EXACT).fill("u_carol");
        page.getByLabel("Actor", EXACT).press("Enter");
        page.waitForURL(u -> u.contains("actor=u_carol"));
        assertThat(page.locator("#count").textContent()).isEqualTo("2 entries");
    }

    /** What copying a row, a screen reader's reading or a text-based check gets: words apart, not run together. */
    @Test
    void aRowsTextKeepsTheDateApartFromTheTimeAndEachBadgeApartFromTheNext() {
        page.navigate(url(LOG + "?channel=billing"));
        Locator failed = row("invoice.deleted");
        assertThat(failed.locator("td.col-when").innerText()).matches("(?s)\\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC\\n.*");
        assertThat(failed.locator("td.event").innerText()).isEqualTo("deleted error");
    }

    @Test
    void anEntryAuditlogWroteItselfSaysSoOnItsEntryPageAndAProductsEventDoesNot() {
        page.navigate(url(LOG + "?action=user.login"));
        row("admin signed in").first().locator(".desc-link").click();
        page.waitForURL(u -> u.contains("/entries/"));
        assertThat(fact("Written by").textContent()).startsWith("Auditlog itself");
        page.navigate(url(LOG + "?channel=billing"));
        openEntry("Invoice 9 created");
        assertThat(page.locator("dd.written-by").count()).isZero();
    }

    @Test
    void anEntryWithoutADescriptionIsTitledByItsActionInItsRowAndOnItsEntryPage() {
        page.navigate(url(LOG + "?channel=billing"));
        Locator link = row("invoice.deleted").locator(".desc-link");
        assertThat(link.textContent()).isEqualTo("invoice.deleted");
        BoundingBox box = link.boundingBox();
        assertThat(box.width).as("a link one can click").isGreaterThan(40);
        assertThat(box.height).isGreaterThan(10);
        assertThat(row("Invoice 9 created").locator(".action").textContent()).as("the action under a description")
                .isEqualTo("invoice.created");

        link.click();
        page.waitForURL(u -> u.contains("/entries/"));
        assertThat(page.locator("h1").textContent()).isEqualTo("invoice.deleted");
        assertThat(page.title()).isEqualTo("invoice.deleted · default · Auditlog");
    }

    @Test
    void everyFilterOfTheApiFiltersThePageFromItsUrlUnderMoreFilters() {
        record Case(String query, String label, int expected) {
        }
        for (Case c : List.of(new Case("status=error", "Status", 1), new Case("action=invoice.deleted", "Action", 1),
                new Case("actor_type=integration", "Performed by", 1), new Case("target_type=invoice", "Target type", 3),
                new Case("target_id=inv-9", "Target id", 2), new Case("ip=198.51.100.9", "IP", 2))) {
            page.navigate(url(LOG + "?" + c.query()));
            assertThat(page.locator("#count").textContent()).as(c.query()).isEqualTo(c.expected() + " entries");
            assertThat(page.locator("tr.entry").count()).as(c.query()).isEqualTo(c.expected());
            assertThat(page.locator("details.more-filters").getAttribute("open")).as("open: " + c.query()).isNotNull();
            assertThat(c.query()).endsWith(page.getByLabel(c.label(), EXACT).inputValue());
            assertThat(page.getByText("Clear", new Page.GetByTextOptions().setExact(true)).count()).as(c.query()).isEqualTo(1);
            assertThat(exportRequest("Export CSV")).isEqualTo("/t/default/export?" + c.query() + "&format=csv");
            assertThat(exportRequest("Export JSON")).isEqualTo("/t/default/export?" + c.query() + "&format=json");
            assertThat(page.locator("tr.entry .desc-link").first().getAttribute("href")).endsWith("?" + c.query());
        }
        page.navigate(url(LOG));
        assertThat(page.locator("details.more-filters").getAttribute("open")).as("closed while none is in use").isNull();
    }

    @Test
    void choosingAStatusUnderMoreFiltersUpdatesRowsCountAndUrl() {
        page.getByText("More filters").click();
        page.getByLabel("Status", EXACT).selectOption("error");
        page.waitForURL(u -> u.endsWith(LOG + "?status=error"));
        page.waitForCondition(() -> page.locator("#count").textContent().equals("1 entries"));
        assertThat(page.getByLabel("Performed by", EXACT).locator("option").allTextContents()).containsExactly("Any", "User", "Integration", "System");
        assertThat(page.getByLabel("Status", EXACT).locator("option").allTextContents()).containsExactly("Any", "success", "error");
        page.getByLabel("IP", EXACT).fill("198.51.100.9");
        page.getByLabel("IP", EXACT).blur();
        page.waitForURL(u -> u.endsWith(LOG + "?status=error&ip=198.51.100.9"));
        page.waitForCondition(() -> page.locator("#count").textContent().equals("1 entries"));
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-more-filters.png")));
    }

    @Test
    void aFilterGivenTwiceIsRefusedWithTheApisErrorInsteadOfUsingOneOfItsValues() {
        page.navigate(url(LOG + "?channel=billing&channel=sync"));
        String error = page.locator(".error-message[role=alert]").textContent();
        assertThat(error).isEqualTo("channel may be given only once; it was given 2 times");
        assertThat(page.locator("table.log").count()).isZero();
        assertThat(page.getByText("Clear", new Page.GetByTextOptions().setExact(true)).count()).isEqualTo(1);
        HttpResponse<byte[]> api = server.send("GET", "/api/v1/tenants/default/events?channel=billing&channel=sync",
                TestServer.MASTER, null, null);
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(new String(api.body(), StandardCharsets.UTF_8)).contains(error);

        page.navigate(url(LOG + "?status=failed"));
        assertThat(page.locator(".error-message[role=alert]").textContent()).isEqualTo("status must be one of error, success");
    }

    @Test
    void aParameterThatIsNoFilterIsSaidNotToBeAppliedWhileTheFiltersThatAreStillApply() {
        page.navigate(url(LOG + "?chanel=sync&channel=billing&limit=1"));
        assertThat(page.locator("#ignored-parameters").textContent()).isEqualTo(
                "Not applied: chanel, limit are not filters of this page, so the entries below are not filtered by them.");
        assertThat(page.locator("tr.entry").count()).as("channel=billing's two entries").isEqualTo(2);

        page.getByLabel("Search", EXACT).fill("Invoice");
        page.getByLabel("Search", EXACT).press("Enter");
        page.waitForURL(u -> u.contains("q=Invoice"));
        assertThat(page.url()).doesNotContain("chanel");
        assertThat(page.locator("#ignored-parameters").count()).as("the form asks only for its filters").isZero();

        page.navigate(url(LOG + "?channel=billing"));
        assertThat(page.locator("#ignored-parameters").count()).isZero();
    }

    @Test
    void aNameTypedInActorOrConcernsFindsNothingAndThePageOffersTheIdsTheLogGivesThatName() {
        page.navigate(url(LOG + "?actor=carol+clerk&channel=billing"));
        assertThat(page.locator("tr.entry").count()).isZero();
        assertThat(page.locator("#id-hint-actor").textContent()).isEqualTo(
                "Actor takes an id: no entry\u2019s actor has the id \u201ccarol clerk\u201d. Show the entries by u_carol (Carol Clerk).");
        page.locator("#id-hint-actor a").click();
        page.waitForURL(u -> u.contains("actor=u_carol"));
        assertThat(page.url()).contains("channel=billing");
        assertThat(page.locator("tr.entry").count()).as("Carol's two billing entries").isEqualTo(2);

        assertThat(hintLinks("?actor=CAROL%40example.com")).as("her e-mail address names her too").containsExactly("u_carol (Carol Clerk)");
        assertThat(hintLinks("?actor=U_CAROL")).as("her id in other case").containsExactly("u_carol (Carol Clerk)");
        assertThat(hintLinks("?actor=System")).containsExactly("system (the system)");
        assertThat(hintLinks("?concerns=ACME+Ltd")).containsExactly("cus_1 (ACME Ltd)");
        assertThat(hintLinks("?concerns=carol%40example.com")).as("whom entries concern acts in others").containsExactly("u_carol (Carol Clerk)");
        assertThat(page.locator("#id-hint-concerns").textContent()).startsWith("Concerns takes an id: no entry concerns the id");
    }

    @Test
    void aNameInBothActorAndConcernsGetsAHintEachAndTheirLinksLeadToTheEntries() {
        page.navigate(url(LOG + "?actor=Carol+Clerk&concerns=ACME+Ltd"));
        assertThat(page.locator(".id-hint").count()).isEqualTo(2);
        page.locator("#id-hint-actor a").click();
        page.waitForURL(u -> u.contains("actor=u_carol"));
        assertThat(page.locator("#id-hint-actor").count()).isZero();
        page.locator("#id-hint-concerns a").click();
        page.waitForURL(u -> u.contains("concerns=cus_1"));
        assertThat(page.locator("tr.entry").count()).as("Carol's deletion concerning ACME").isEqualTo(1);
    }

    @Test
    void anEmptyViewSaysANameWasLookedForOnlyInTheNewestEntriesAndNothingOfAnIdTheLogHas() {
        page.navigate(url(LOG + "?actor=Zed+Former"));
        assertThat(page.locator("#id-hint-actor").textContent()).isEqualTo("Actor takes an id: no entry\u2019s actor has the id "
                + "\u201cZed Former\u201d. Nor do the newest 2,000 entries give anyone that name or e-mail address; an older entry "
                + "of theirs, found by Search, shows their id.");
        assertThat(page.locator("#id-hint-actor a").count()).isZero();

        page.navigate(url(LOG + "?actor=u_nobody"));
        assertThat(page.locator(".empty").textContent().strip()).isEqualTo("No entries match these filters.");
        assertThat(page.locator(".id-hint").count()).as("an id like any other").isZero();
        page.navigate(url(LOG + "?actor=u_carol&channel=sync"));
        assertThat(page.locator(".id-hint").count()).as("her id, the channel empties the view").isZero();
    }

    private List<String> hintLinks(String query) {
        page.navigate(url(LOG + query));
        return page.locator(".id-hint a").allTextContents();
    }

    @Test
    void aSearchWhoseEscapesAreNotUtf8IsRefusedAsTheApiRefusesItRatherThanSearchingForAReplacementCharacter() {
        page.navigate(url(LOG + "?q=%FF"));
        String error = page.locator(".error-message[role=alert]").textContent();
        assertThat(error).isEqualTo("q is not UTF-8 once its %-escapes are decoded");
        assertThat(page.locator("table.log").count()).isZero();
        HttpResponse<byte[]> api = server.send("GET", "/api/v1/tenants/default/events?q=%FF", TestServer.MASTER, null, null);
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(new String(api.body(), StandardCharsets.UTF_8)).contains(error);
    }

    @Test
    void aSearchTooLongToSendSaysSoAndThatTheEntriesShownAreStillTheViewBefore() {
        page.navigate(url(LOG + "?channel=billing"));
        Locator failed = page.locator("#view-failed");
        assertThat(failed.count()).isZero();
        page.getByLabel("Search", EXACT).fill("請求書".repeat(200));
        page.getByLabel("Search", EXACT).press("Enter");
        failed.waitFor();
        assertThat(failed.getAttribute("role")).isEqualTo("alert");
        assertThat(failed.textContent()).startsWith("This view could not be shown: the filters are too long to send in the page's "
                + "address, the search most likely: shorten it.")
                .endsWith("The entries below are still those of the view before.");
        assertThat(page.locator("tr.entry").count()).as("billing's two entries, as before").isEqualTo(2);

        page.getByLabel("Search", EXACT).fill("Invoice");
        page.getByLabel("Search", EXACT).press("Enter");
        page.waitForURL(u -> u.contains("q=Invoice"));
        failed.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED)); // the next view takes it away
    }

    @Test
    void clickingAnActorFiltersTheViewByTheirIdAndKeepsTheOtherFilters() {
        Locator actorFilter = page.getByLabel("Actor", EXACT);
        assertThat(actorFilter.getAttribute("placeholder")).contains("id");
        assertThat(actorFilter.getAttribute("title")).contains("Clicking an actor");
        assertThat(page.getByLabel("Concerns", EXACT).getAttribute("placeholder")).contains("id");

        page.navigate(url(LOG + "?channel=billing&q=invoice"));
        Locator carol = row("Invoice 9 created").locator("td.actor a");
        assertThat(carol.getAttribute("title")).isEqualTo("Show only the entries by u_carol");
        carol.click();
        page.waitForURL(u -> u.endsWith(LOG + "?q=invoice&channel=billing&actor=u_carol"));
        assertThat(page.getByLabel("Actor", EXACT).inputValue()).isEqualTo("u_carol");

        page.navigate(url(LOG + "?channel=jobs"));
        Locator system = row("Cleanup ran").locator("td.actor a");
        assertThat(system.textContent()).isEqualTo("SystemJanitor");
        system.click();
        page.waitForURL(u -> u.endsWith(LOG + "?channel=jobs&actor=system"));
    }

    @Test
    void theEntryPageShowsEveryFactWithTheIdsAndLinksToTheEntriesOfThatActorOrRecord() {
        page.navigate(url(LOG + "?channel=billing"));
        openEntry("invoice.deleted");
        assertThat(fact("Action").textContent()).isEqualTo("invoice.deleted");
        assertThat(fact("Event").textContent()).isEqualTo("deleted");
        assertThat(fact("Channel").textContent()).isEqualTo("billing");
        assertThat(fact("IP").textContent()).isEqualTo("198.51.100.9");
        assertThat(fact("User agent").textContent()).isEqualTo("curl/8.5.0");
        assertThat(fact("Actor").textContent()).contains("Carol Clerk", "carol@example.com", "user", "u_carol");
        assertThat(fact("Target").textContent()).contains("Invoice 9", "invoice", "inv-9");
        assertThat(fact("Target").locator("a[href='https://app.example.com/invoices/9']").count()).isEqualTo(1);
        assertThat(fact("Concerns").textContent()).contains("customer", "ACME Ltd", "cus_1");

        Locator changes = page.locator("table.changes");
        assertThat(changes.locator("td").allTextContents()).containsExactly("amount", "120", "→", "0");
        assertThat(page.locator("pre.metadata-json").textContent()).contains("\"reason\": \"duplicate\"");
        assertThat((Boolean) page.evaluate("() => document.querySelector('table.changes').compareDocumentPosition("
                + "[...document.querySelectorAll('pre.json')].pop()) === Node.DOCUMENT_POSITION_FOLLOWING"))
                .as("the readable facts come before the entry as stored").isTrue();

        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("entry-facts.png")));
        String entryPage = page.url();
        fact("Actor").getByText("entries by this actor").click();
        page.waitForURL(u -> u.endsWith(LOG + "?actor=u_carol"));
        assertThat(page.locator("#count").textContent()).isEqualTo("2 entries");
        page.navigate(entryPage);
        fact("Target").getByText("entries on this record").click();
        page.waitForURL(u -> u.endsWith(LOG + "?target_type=invoice&target_id=inv-9"));
        assertThat(page.locator("#count").textContent()).isEqualTo("2 entries");
        page.navigate(entryPage);
        fact("Target").getByText("all entries concerning id inv-9").click();
        page.waitForURL(u -> u.endsWith(LOG + "?concerns=inv-9"));
        assertThat(page.locator("#count").textContent()).isEqualTo("2 entries");
        page.navigate(entryPage);
        fact("Concerns").getByText("entries concerning id cus_1").click();
        page.waitForURL(u -> u.endsWith(LOG + "?concerns=cus_1"));
    }

    @Test
    void aDirectionOverrideInSentTextIsShownAsAMarkOnThePagesWhileTheApiReturnsItAsSent() {
        String description = "Downloaded report\u202Efdp.exe";
        String id = TestServer.json(TestServer.expect(server.postJson("/api/v1/tenants/default/events", TestServer.MASTER,
                "{\"action\":\"report.downloaded\",\"channel\":\"bidi\",\"description\":\"" + description + "\","
                        + "\"actor\":{\"type\":\"user\",\"id\":\"u_dana\",\"name\":\"דנה\"}}"), 201))
                .get("entries").get(0).get("id").asText();
        assertThat(TestServer.json(server.get("/api/v1/tenants/default/events/" + id, TestServer.MASTER)).get("description").asText())
                .isEqualTo(description);

        page.navigate(url(LOG + "?channel=bidi"));
        Locator row = page.locator("tr.entry");
        assertThat(row.locator(".desc-link").textContent()).isEqualTo("Downloaded report⟨U+202E⟩fdp.exe");
        assertThat(row.locator("td.actor bdi").textContent()).as("a right-to-left name isolated from its neighbours").isEqualTo("דנה");
        openEntry("Downloaded report");
        assertThat(page.locator("h1").textContent()).isEqualTo("Downloaded report⟨U+202E⟩fdp.exe");
    }

    @Test
    void detailsShowsTheIpOfTheEntry() {
        page.navigate(url(LOG + "?channel=billing"));
        row("invoice.deleted").getByText("Details").click();
        Locator expanded = page.locator("tr.details-row:not([hidden])");
        assertThat(expanded.locator(".details-facts").textContent()).isEqualTo("IP 198.51.100.9");
    }

    @Test
    void longValuesWrapInsideTheirCellsAndTheTableAndItsDetailsStayWithinThePage() {
        page.navigate(url(LOG + "?channel=long"));
        Locator table = page.locator("table.log");
        BoundingBox scroll = page.locator(".table-scroll").boundingBox();
        assertThat(table.boundingBox().width).as("the table fits its box").isLessThanOrEqualTo(scroll.width);
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(1440);
        Locator row = page.locator("tr.entry");
        BoundingBox event = row.locator("td.event").boundingBox();
        BoundingBox details = row.getByText("Details").boundingBox();
        assertThat(event.x + event.width).isLessThanOrEqualTo(scroll.x + scroll.width);
        assertThat(details.x + details.width).isLessThanOrEqualTo(scroll.x + scroll.width);
        BoundingBox time = row.locator(".col-when .time").boundingBox();
        assertThat(time.x + time.width).as("When does not run into Description").isLessThanOrEqualTo(row.locator("td.description").boundingBox().x);
        assertThat(lines(row.locator(".desc-link"))).as("three lines of the description").isEqualTo(3);

        row.getByText("Details").click();
        Locator expanded = page.locator("tr.details-row:not([hidden])");
        Locator pre = expanded.locator("pre.json");
        assertThat(pre.boundingBox().width).isLessThanOrEqualTo(table.boundingBox().width);
        assertThat(pre.evaluate("p => p.scrollWidth > p.clientWidth")).as("the JSON scrolls inside itself").isEqualTo(true);
        assertThat(expanded.locator("table.changes").boundingBox().width).isLessThanOrEqualTo(table.boundingBox().width);
        assertThat(expanded.locator("table.changes td.field-name").boundingBox().width).as("the field's name stays legible")
                .isGreaterThan(40);
        Locator after = expanded.getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName("After: body"));
        assertThat(after.getAttribute("tabindex")).as("the value that scrolls can be scrolled from the keyboard").isEqualTo("0");
        assertThat(expanded.locator("td.before .value").getAttribute("tabindex")).as("a value that fits is no tab stop").isNull();
        assertThat(table.boundingBox().width).isLessThanOrEqualTo(scroll.width);
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(1440);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-long-values.png")));

        page.locator("tr.entry .desc-link").click();
        page.waitForURL(u -> u.contains("/entries/"));
        assertThat(page.locator("h1").textContent()).as("its start as the heading").hasSize(200).endsWith("…");
        assertThat(page.locator("dd.long-description").textContent()).as("the whole description").isEqualTo(LONG_DESCRIPTION);
        assertThat(page.locator("dd.long-description").getAttribute("tabindex")).as("it scrolls, from the keyboard too").isEqualTo("0");
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(1440);
        assertThat(URLDecoder.decode(page.url(), StandardCharsets.UTF_8)).contains("channel=long");
    }

    /** An actor's name and e-mail address and a target's name are as long as they can be, and say so on the entry page. */
    @Test
    void longNamesAddressesAndTargetsShowTheirFirstLinesInTheRowAndWholeOnTheEntryPage() {
        page.navigate(url(LOG + "?channel=long"));
        Locator row = page.locator("tr.entry");
        assertThat(lines(row.locator(".actor-name"))).as("two lines of the name").isEqualTo(2);
        Locator email = row.locator(".actor-email");
        assertThat(lines(email)).as("one line of the address").isEqualTo(1);
        assertThat(email.evaluate("e => e.scrollWidth > e.clientWidth")).as("cut, with an ellipsis").isEqualTo(true);
        assertThat(email.evaluate("e => getComputedStyle(e).textOverflow")).isEqualTo("ellipsis");
        Locator target = row.locator("td.description .target");
        assertThat(target.locator("a").getAttribute("href")).isEqualTo("https://example.com/documents/1");
        assertThat(lines(target)).as("two lines of the target").isEqualTo(2);
        BoundingBox scroll = page.locator(".table-scroll").boundingBox();
        assertThat(page.locator("table.log").boundingBox().width).isLessThanOrEqualTo(scroll.width);
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(1440);

        row.locator(".desc-link").click();
        page.waitForURL(u -> u.contains("/entries/"));
        assertThat(fact("Actor").textContent()).contains(LONG_NAME, LONG_EMAIL);
        assertThat(fact("Target").textContent()).contains(LONG_TARGET.strip());
        assertThat(page.title()).as("the tab: the description's first 80 characters")
                .isEqualTo("D".repeat(79) + "… · default · Auditlog");
    }

    /** How many lines of text an element shows: its height in lines of its own line height. */
    private static long lines(Locator element) {
        double lineHeight = ((Number) element.evaluate(
                "e => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.2")).doubleValue();
        return Math.round(element.boundingBox().height / lineHeight);
    }

    private Locator row(String text) {
        return page.locator("tr.entry").filter(new Locator.FilterOptions().setHasText(text));
    }

    private void openEntry(String text) {
        row(text).locator(".desc-link").click();
        page.waitForURL(u -> u.contains("/entries/"));
    }

    /**
     * What the export button with this name asks for: its form's address with the fields it sends, in their order.
     * The address is the attribute: the form's {@code action} property would be its hidden Action filter.
     */
    private String exportRequest(String name) {
        return (String) page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true))
                .evaluate("b => b.form.getAttribute('action') + '?' + new URLSearchParams(new FormData(b.form, b))");
    }

    /** The value of the entry page's fact with this name. */
    private Locator fact(String name) {
        return page.locator("xpath=//dl[contains(@class,'facts')]/dt[normalize-space()='" + name + "']/following-sibling::dd[1]");
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }
}
