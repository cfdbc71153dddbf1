package dev.auditlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.LoadState;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.settings.Cidr;
import dev.auditlog.core.settings.Settings;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log pages in a real browser (Debian's Chromium driven by Playwright): sign-in, filters in the
 * URL, Clear, Details, export, escaping, roles and CSRF. One server and one browser for the class; each
 * test gets a fresh browser context (its own cookies).
 */
class WebAuditLogTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String LOG = "/t/default/audit-log";
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    @TempDir
    static Path dataDir;
    private static TestServer server;
    /** When the client says the "Nightly report ran" event happened: sent with it as occurred_at. */
    private static final Instant REPORT_RAN_AT = Instant.parse("2026-01-15T09:00:00Z");
    /** The day the seeded entries were recorded on: a test may run after midnight. */
    private static LocalDate seededOn;
    @RegisterExtension
    static final TestBrowser chromium = new TestBrowser(new Browser.NewContextOptions().setViewportSize(1440, 900).setAcceptDownloads(true));

    /**
     * The WCAG contrast ratio of an element's text against the first background behind it that is not transparent
     * (the page's own, white, when none is).
     */
    private static final String CONTRAST = """
            e => {
              const rgb = c => c.match(/[\\d.]+/g).map(Number);
              const channel = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
              const luminance = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
              let background = [255, 255, 255];
              for (let a = e; a; a = a.parentElement) {
                const c = rgb(getComputedStyle(a).backgroundColor);
                if (c.length < 4 || c[3] > 0) { background = c; break; }
              }
              const [light, dark] = [luminance(rgb(getComputedStyle(e).color)), luminance(background)].sort((x, y) => y - x);
              return (light + 0.05) / (dark + 0.05);
            }""";

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        WebUsers users = new WebUsers(dataDir);
        users.add("vera", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        users.add("noah", PASSWORD, "elsewhere", WebRole.ADMIN);
        users.add("fay", PASSWORD, Tenant.DEFAULT, WebRole.VIEWER);
        seededOn = LocalDate.now(ZoneOffset.UTC);
        server.server.store().append(Tenant.DEFAULT, seedEvents());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @BeforeEach
    void openPage() {
        context = chromium.context();
        page = chromium.page();
    }

    @Test
    void rootLeadsToSignInThenToTheAuditLogWithItsCountAndSecurityHeaders() {
        page.navigate(url("/"));
        assertThat(page.url()).endsWith("/login");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login.png")));
        signIn("admin");
        assertThat(page.url()).endsWith(LOG);
        assertThat(page.locator("#count").textContent()).matches("\\d+ entries");
        assertThat(page.locator("thead th").allTextContents()).containsSubsequence("When", "Description", "Channel", "Actor", "Event");
        Response response = page.navigate(url(LOG));
        assertThat(response.headers().get("content-security-policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(response.headers().get("set-cookie")).isNull();
        for (String label : List.of("Search", "Event", "Channel", "Actor", "Concerns", "From", "To", "Period")) {
            assertThat(page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).count()).as(label).isEqualTo(1);
        }
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-full.png")));
    }

    /**
     * A test finding the filters as CONTRACT §7 names them may match a label's text in part, as Playwright's
     * {@code getByLabel} does unless told otherwise, and strictly, counting hidden controls: so no other control, label,
     * title or placeholder on the page holds one of these words, in any case (the controls under More filters, the
     * rows' links and badges and the activity chart included). "To" is left out: "Actor" holds it.
     */
    @Test
    void eachFilterLabelOfTheContractFindsItsOneControlEvenWhenMatchedInPart() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware"));
        page.getByText("More filters").click();
        page.locator("svg.chart").waitFor();
        for (String label : List.of("Search", "Event", "Channel", "Actor", "Concerns", "From", "Period")) {
            String control = page.getByLabel(label, new Page.GetByLabelOptions().setExact(true)).getAttribute("id");
            assertThat(page.getByLabel(label).count()).as(label).isEqualTo(1);
            for (Locator mentions : List.of(page.getByTitle(label), page.getByPlaceholder(label))) {
                assertThat(mentions.evaluateAll("(found, id) => found.every(e => e.id === id)", control))
                        .as("only the " + label + " control itself mentions " + label).isEqualTo(true);
            }
        }
        page.getByLabel("Actor").fill("u_bob");
        page.getByLabel("Actor").press("Enter");
        page.waitForURL(u -> u.endsWith(LOG + "?channel=hardware&actor=u_bob"));
    }

    /** Without it, the page's Older link was 170 Tab presses away on every page. */
    @Test
    void theFirstTabOffersToSkipTheTopBarAndTheChartsFiguresAreThereForScreenReaders() {
        signIn("admin");
        page.navigate(url(LOG));
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.textContent")).isEqualTo("Skip to main content");
        assertThat(page.locator("a.skip").boundingBox().x).as("shown once focused").isGreaterThanOrEqualTo(0);
        page.keyboard().press("Enter");
        assertThat(page.evaluate("document.activeElement.id")).isEqualTo("main");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.closest('form.filters') !== null")).as("the filters come next").isEqualTo(true);
        assertThat(page.locator("nav a[aria-current=page]").allTextContents()).as("where the user is").containsExactly("Audit log");
        assertThat(page.locator(".activity table.visually-hidden caption").textContent()).startsWith("Entries per ");
        assertThat(page.locator(".activity table.visually-hidden tbody tr").count()).isEqualTo(page.locator(".activity svg.chart rect").count());
    }

    @Test
    void eachFilterNarrowsTheRowsAndTheCount() {
        signIn("admin");
        int all = count(LOG);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        record Case(String query, int expected) {
        }
        List<Case> cases = new ArrayList<>(List.of(new Case("q=assigned", 6), new Case("event=deleted&channel=hardware", 4),
                new Case("channel=billing", 5), new Case("actor=u_bob", 8), new Case("concerns=emp_7", 3),
                new Case("from=" + today.plusDays(1), 0), new Case("to=" + seededOn.minusDays(1), 0),
                new Case("channel=hardware&event=updated", 4)));
        if (seededOn.getYear() == today.getYear()) cases.add(new Case("period=last_year", 0));
        for (Case c : cases) {
            int n = count(LOG + "?" + c.query());
            assertThat(n).as(c.query()).isEqualTo(c.expected()).isLessThan(all);
            assertThat(rowCount()).as(c.query()).isEqualTo(n);
        }
    }

    @Test
    void choosingAFilterInTheFormUpdatesRowsCountAndUrlWithoutAReload() {
        signIn("admin");
        page.getByLabel("Channel", new Page.GetByLabelOptions().setExact(true)).fill("billing");
        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true)).selectOption("created");
        page.waitForURL(u -> u.contains("event=created") && u.contains("channel=billing"));
        page.waitForCondition(() -> page.locator("#count").textContent().equals("1 entries"));
        assertThat(rowCount()).isEqualTo(1);
        assertThat(page.url()).as("only the filters in use, for a URL worth bookmarking").endsWith(LOG + "?event=created&channel=billing");
        // app.js fills the live region once htmx has settled the swap, which may come after the count and the URL show
        page.waitForCondition(() -> "1 entries".equals(page.getByRole(AriaRole.STATUS).textContent()));
        assertThat(page.getByRole(AriaRole.STATUS).textContent()).as("told to screen readers").isEqualTo("1 entries");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-filtered.png")));
    }

    @Test
    void pressingEnterInSearchAsksTheServerOnce() {
        signIn("admin");
        List<String> requests = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains("/audit-log?")) requests.add(r.url());
        });
        Locator search = page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true));
        search.fill("assigned");
        search.press("Enter");
        page.waitForURL(u -> u.contains("q=assigned"));
        page.waitForTimeout(1000); // the search box's own delayed trigger, had it still been armed
        assertThat(requests).hasSize(1);
    }

    @Test
    void backAndForwardShowTheFiltersOfTheirUrlInTheControlsAndTheNextChangeKeepsThem() {
        signIn("admin");
        Locator event = page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true));
        Locator channel = page.getByLabel("Channel", new Page.GetByLabelOptions().setExact(true));
        event.selectOption("deleted");
        page.waitForURL(u -> u.contains("event=deleted"));
        channel.fill("hardware");
        channel.blur();
        page.waitForURL(u -> u.contains("event=deleted") && u.contains("channel=hardware"));

        page.goBack();
        page.waitForURL(u -> u.contains("event=deleted") && !u.contains("channel=hardware"));
        page.waitForCondition(() -> channel.inputValue().isEmpty());
        assertThat(event.inputValue()).isEqualTo("deleted");
        page.goForward();
        page.waitForURL(u -> u.contains("channel=hardware"));
        page.waitForCondition(() -> channel.inputValue().equals("hardware"));
        assertThat(event.inputValue()).isEqualTo("deleted");
        assertThat(rowCount()).isEqualTo(4);

        page.goBack();
        page.waitForCondition(() -> channel.inputValue().isEmpty());
        channel.fill("billing");
        channel.blur();
        page.waitForURL(u -> u.contains("event=deleted") && u.contains("channel=billing"));
        assertThat(page.evaluate("() => sessionStorage.getItem('htmx-history-cache')")).as("no copy of the page kept").isNull();
    }

    @Test
    void aWordTypedSlowlyInSearchIsOneStepBackAndEnterEndsIt() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware"));
        long before = history();
        Locator search = page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true));
        Page.WaitForConditionOptions slowly = new Page.WaitForConditionOptions().setTimeout(10_000);
        search.pressSequentially("assigned", new Locator.PressSequentiallyOptions().setDelay(500)); // a view per pause
        page.waitForURL(u -> u.endsWith(LOG + "?q=assigned&channel=hardware"));
        assertThat(history()).as("one step for the word, none per prefix").isEqualTo(before + 1);
        search.press("Enter");
        search.pressSequentially(" to", new Locator.PressSequentiallyOptions().setDelay(500));
        page.waitForURL(u -> URLDecoder.decode(u, StandardCharsets.UTF_8).endsWith(LOG + "?q=assigned to&channel=hardware"));
        assertThat(history()).as("after Enter, the next words are a step of their own").isEqualTo(before + 2);

        page.goBack();
        page.waitForURL(u -> u.endsWith(LOG + "?q=assigned&channel=hardware"));
        page.waitForCondition(() -> search.inputValue().equals("assigned"), slowly);
        page.goBack();
        page.waitForURL(u -> u.endsWith(LOG + "?channel=hardware"));
        page.waitForCondition(() -> search.inputValue().isEmpty(), slowly);
        assertThat(page.locator("#count").textContent()).isEqualTo("10 entries");
    }

    @Test
    void steppingThroughTheEventSelectIsOneStepBackAndAChoiceLeftStandingIsAStepOfItsOwn() {
        signIn("admin");
        Locator event = page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true));
        for (String option : List.of("created", "read", "updated")) event.selectOption(option);
        page.waitForURL(u -> u.endsWith(LOG + "?event=updated"));
        page.waitForTimeout(2_100); // the choice stands
        event.selectOption("deleted");
        page.waitForURL(u -> u.endsWith(LOG + "?event=deleted"));

        page.goBack();
        page.waitForURL(u -> u.endsWith(LOG + "?event=updated"));
        page.waitForCondition(() -> event.inputValue().equals("updated"));
        page.goBack();
        page.waitForURL(u -> u.endsWith(LOG));
        page.waitForCondition(() -> event.inputValue().isEmpty());
    }

    @Test
    void aFilteredUrlOpenedFreshShowsTheSameView() {
        signIn("admin");
        String view = LOG + "?channel=hardware&event=updated&q=assigned";
        int n = count(view);
        List<String> rows = page.locator("tr.entry .desc-link").allTextContents();
        Page fresh = context.newPage();
        fresh.navigate(url(view));
        assertThat(fresh.locator("#count").textContent()).isEqualTo(n + " entries");
        assertThat(fresh.locator("tr.entry .desc-link").allTextContents()).isEqualTo(rows);
        assertThat(fresh.locator("#f-channel").inputValue()).isEqualTo("hardware");
        assertThat(fresh.locator("#f-event").inputValue()).isEqualTo("updated");
        assertThat(fresh.locator("#f-q").inputValue()).isEqualTo("assigned");
    }

    @Test
    void choosingAPeriodReplacesFromAndToAndChoosingADateReplacesThePeriod() {
        signIn("admin");
        page.navigate(url(LOG + "?from=" + seededOn.minusDays(3) + "&to=" + seededOn));
        Locator from = page.getByLabel("From", new Page.GetByLabelOptions().setExact(true));
        Locator to = page.getByLabel("To", new Page.GetByLabelOptions().setExact(true));
        Locator period = page.getByLabel("Period", new Page.GetByLabelOptions().setExact(true));

        period.selectOption("today");
        page.waitForURL(u -> u.endsWith(LOG + "?period=today"));
        assertThat(from.inputValue()).isEmpty();
        assertThat(to.inputValue()).isEmpty();
        assertThat(rowCount()).as("at least this test's own sign-in").isPositive();

        from.fill(seededOn.toString());
        page.waitForURL(u -> u.endsWith(LOG + "?from=" + seededOn));
        assertThat(period.inputValue()).isEmpty();
    }

    @Test
    void aFromWithATimeStaysVisibleInItsControlAndInTheUrlAfterTheNextFilterChange() {
        signIn("admin");
        String from = seededOn.minusDays(1) + "T05:00:00Z";
        page.navigate(url(LOG + "?from=" + from + "&to=" + seededOn));
        Locator fromControl = page.getByLabel("From", new Page.GetByLabelOptions().setExact(true));
        Locator toControl = page.getByLabel("To", new Page.GetByLabelOptions().setExact(true));
        assertThat(fromControl.inputValue()).isEqualTo(from);
        assertThat(toControl.getAttribute("type")).as("a bare date keeps the date picker").isEqualTo("date");
        assertThat(toControl.inputValue()).isEqualTo(seededOn.toString());

        page.getByLabel("Event", new Page.GetByLabelOptions().setExact(true)).selectOption("deleted");
        page.waitForURL(u -> u.contains("event=deleted"));
        assertThat(URLDecoder.decode(page.url(), StandardCharsets.UTF_8)).contains("from=" + from).contains("to=" + seededOn);
        assertThat(fromControl.inputValue()).isEqualTo(from);
    }

    @Test
    void aBookmarkedFilteredViewOpenedWhileSignedOutOpensWithItsFilterAfterSignIn() {
        page.navigate(url(LOG + "?channel=billing"));
        assertThat(page.url()).contains("/login?next=");
        submitSignIn("admin");
        assertThat(page.url()).endsWith(LOG + "?channel=billing");
        assertThat(page.locator("#f-channel").inputValue()).isEqualTo("billing");
        assertThat(rowCount()).isEqualTo(5);
    }

    /**
     * A session can end while its page is open: signed out in another tab, expired, or a restart. The next filter change
     * then opens the sign-in page (not an empty log under a /login URL beside a top bar still naming the user), and
     * signing in opens the view that change asked for.
     */
    @Test
    void aFilterChangedAfterTheSessionEndedOpensSignInWhichLeadsToTheViewAskedFor() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=billing"));
        Page other = context.newPage();
        other.navigate(url(LOG));
        other.getByText("Sign out", new Page.GetByTextOptions().setExact(true)).click();
        other.waitForURL(u -> u.endsWith("/login"));
        other.close();

        page.getByLabel("Period", new Page.GetByLabelOptions().setExact(true)).selectOption("this_month");
        page.waitForURL(u -> u.contains("/login?next="));
        assertThat(URLDecoder.decode(page.url(), StandardCharsets.UTF_8)).contains("/login?next=" + LOG + "?")
                .contains("channel=billing").contains("period=this_month");
        assertThat(page.getByLabel("User name").isVisible()).isTrue();
        assertThat(page.locator("header.topbar").count()).isZero();
        submitSignIn("admin");
        page.waitForURL(u -> u.contains(LOG + "?") && u.contains("channel=billing") && u.contains("period=this_month"));
        assertThat(page.getByLabel("Period", new Page.GetByLabelOptions().setExact(true)).inputValue()).isEqualTo("this_month");
        assertThat(page.getByLabel("Channel", new Page.GetByLabelOptions().setExact(true)).inputValue()).isEqualTo("billing");
    }

    @Test
    void aFilterTheQueryRefusesShowsItsErrorAloneWithNoCountAndNoEmptyResult() {
        signIn("admin");
        page.navigate(url(LOG + "?event=CREATED"));
        assertThat(page.locator(".error-message[role=alert]").textContent()).startsWith("event must be one of");
        assertThat(page.locator("#count").count()).as("no N entries").isZero();
        assertThat(page.getByText("No entries match these filters.").count()).isZero();
        assertThat(page.locator("table.log").count()).isZero();
        assertThat(page.getByText("Clear", new Page.GetByTextOptions().setExact(true)).count()).as("a way out").isEqualTo(1);
        Locator event = page.getByLabel("Event");
        assertThat(event.getAttribute("aria-invalid")).as("the control at fault, for a screen reader").isEqualTo("true");
        assertThat(event.getAttribute("aria-describedby")).isEqualTo("filter-error");
        assertThat(page.evaluate("document.activeElement.id")).as("focus on it, the page having come with it").isEqualTo("f-event");

        page.getByLabel("Channel").fill("hardware");
        page.getByLabel("Channel").press("Enter");
        page.locator("#count").waitFor();
        // app.js clears the mark once htmx has settled the swap, which can come after the count shows
        page.waitForCondition(() -> event.getAttribute("aria-invalid") == null);
        assertThat(event.getAttribute("aria-invalid")).as("a view shown: nothing is at fault").isNull();
        assertThat(event.getAttribute("aria-describedby")).isNull();
    }

    /** Each digit typed into a date's year changes its value (0002, 0020, 0202): only the whole year asks for a view. */
    @Test
    void typingAYearInADateControlAsksForOneViewNotOnePerDigit() {
        signIn("admin");
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().contains(LOG + "?")) asked.add(request.url());
        });
        Locator from = page.getByLabel("From", new Page.GetByLabelOptions().setExact(true));
        from.focus(); // its month, then its day, then its year
        page.keyboard().type("0101");
        page.keyboard().type("2026", new Keyboard.TypeOptions().setDelay(150));
        page.waitForURL(u -> u.contains("from=2026-01-01"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertThat(asked).as("no view of a year still being typed").noneMatch(u -> u.contains("from=0"));
    }

    @Test
    void aViewWithoutEntriesSaysSoAloneWithoutAnEmptyActivityChart() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware"));
        page.locator("svg.chart").waitFor();
        Locator search = page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true));
        search.fill("zzzz");
        search.press("Enter");
        page.waitForCondition(() -> page.locator("#count").textContent().equals("0 entries"));
        assertThat(page.getByText("No entries match these filters.").isVisible()).isTrue();
        assertThat(page.locator(".activity").count()).as("no chart, not even its frame").isZero();

        page.navigate(url(LOG + "?q=zzzz"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertThat(page.getByText("No entries match these filters.").isVisible()).isTrue();
        assertThat(page.locator(".activity").count()).isZero();
        assertThat(page.getByText("busiest").count()).isZero();
    }

    @Test
    void clearAppearsOnlyWhileAFilterIsActive() {
        signIn("admin");
        assertThat(page.getByText("Clear", new Page.GetByTextOptions().setExact(true)).count()).isZero();
        page.navigate(url(LOG + "?channel=billing"));
        Locator clear = page.getByText("Clear", new Page.GetByTextOptions().setExact(true));
        assertThat(clear.count()).isEqualTo(1);
        clear.click();
        page.waitForURL(u -> u.endsWith(LOG));
        assertThat(page.getByText("Clear", new Page.GetByTextOptions().setExact(true)).count()).isZero();
    }

    @Test
    void detailsExpandsChangesSideBySideAndTheJson() {
        signIn("admin");
        page.navigate(url(LOG + "?q=assigned&channel=hardware"));
        Locator row = page.locator("tr.entry").first();
        Locator details = row.getByText("Details");
        assertThat(page.locator("#" + details.getAttribute("aria-describedby")).textContent())
                .as("which entry's details, for a screen reader among 50 buttons of one name").isEqualTo(row.locator("a.desc-link").textContent());
        String target = details.getAttribute("data-details");
        assertThat(page.locator("#" + target).isVisible()).isFalse();
        details.click();
        Locator expanded = page.locator("#" + target);
        assertThat(expanded.isVisible()).isTrue();
        assertThat(details.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(details.textContent()).as("its name stays; a screen reader says it is expanded").isEqualTo("Details");
        assertThat(expanded.locator("table.changes td").allTextContents()).containsSubsequence("assignee", "—", "→", "u_42");
        assertThat(expanded.locator("pre.json").textContent()).contains("\"assignee\"").contains("\"metadata\"");
        assertThat(page.url()).as("in place, not the entry page the button opens without script").endsWith(LOG + "?q=assigned&channel=hardware");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-details.png")));
        assertThat(row("Invoice 7 paid").getByText("Details").count()).isZero();
    }

    @Test
    void detailsWithoutScriptOpensTheEntryPageWhichShowsTheChangesAndLeadsBackToTheView() {
        try (BrowserContext noScript = context.browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
            page = noScript.newPage();
            signIn("admin");
            page.navigate(url(LOG + "?q=assigned&channel=hardware"));
            page.locator("tr.entry").first().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Details")).click();
            page.waitForURL(u -> u.contains("/entries/"));
            assertThat(page.locator("table.changes td").allTextContents()).containsSubsequence("assignee", "—", "→", "u_42");
            assertThat(page.locator("pre.metadata-json").textContent()).contains("\"source\": \"web\"");
            page.locator("a.back").click();
            page.waitForURL(u -> u.endsWith(LOG + "?q=assigned&channel=hardware"));
        }
    }

    @Test
    void detailsIsOfferedOnlyOnRowsWhoseChangesOrMetadataHoldSomething() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=jobs"));
        assertThat(row("Nightly cleanup ran").getByText("Details").count()).as("changes and metadata both {}").isZero();
        row("Nightly report ran").getByText("Details").click();
        String json = page.locator("tr.details-row:not([hidden]) pre.json").textContent();
        assertThat(json).contains("\"rows\": 12").doesNotContain("changes");
    }

    @Test
    void aSystemActorWithANameShowsTheSystemBadgeAndTheNameOneWithoutOnlyTheBadge() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=jobs"));
        Locator actor = row("Nightly cleanup ran").locator("td.actor");
        assertThat(actor.locator(".badge-system").textContent()).isEqualTo("System");
        assertThat(actor.textContent()).isEqualTo("SystemNightly job");
        openEntry("Nightly cleanup ran");
        assertThat(page.locator(".facts dd .badge-system").textContent()).isEqualTo("System");
        assertThat(page.locator(".facts dd").filter(new Locator.FilterOptions().setHas(page.locator(".badge-system")))
                .textContent()).contains("Nightly job");

        page.navigate(url(LOG + "?channel=billing"));
        assertThat(row("Invoice 7 paid").locator("td.actor").textContent()).as("no actor").isEqualTo("System");
    }

    @Test
    void onA375PixelScreenEachEntryIsACardWithNothingOffScreenAndSignOutStaysOnTheHeaderBar() {
        page.setViewportSize(375, 740);
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware"));
        assertThat(page.evaluate("() => document.documentElement.scrollWidth")).as("the page does not overflow").isEqualTo(375);
        Locator box = page.locator(".table-scroll").first();
        assertThat(box.evaluate("b => b.scrollWidth <= b.clientWidth")).as("nothing scrolls sideways").isEqualTo(true);
        Locator first = page.locator("tr.entry:has(td.col-more button)").first();
        for (String cell : List.of("td.description", "td.actor", "td.event", "td.col-more button")) {
            BoundingBox shown = first.locator(cell).boundingBox();
            assertThat(shown.x + shown.width).as(cell + " on the screen").isLessThanOrEqualTo(375);
        }
        assertThat(first.locator("td.description").boundingBox().width).as("the description has the card's width").isGreaterThan(300);
        first.locator("td.col-more button").click();
        assertThat(page.locator("tr.details-row:not([hidden])").first().boundingBox().width).isLessThanOrEqualTo(375);
        BoundingBox bar = page.locator("header.topbar").boundingBox();
        BoundingBox signOut = page.getByText("Sign out", new Page.GetByTextOptions().setExact(true)).boundingBox();
        assertThat(signOut.x).isGreaterThanOrEqualTo(bar.x);
        assertThat(signOut.x + signOut.width).isLessThanOrEqualTo(Math.min(bar.x + bar.width, 375));
        assertThat(signOut.y).isGreaterThanOrEqualTo(bar.y);
        assertThat(signOut.y + signOut.height).isLessThanOrEqualTo(bar.y + bar.height);
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("audit-log-375px.png")));
        page.getByText("Sign out", new Page.GetByTextOptions().setExact(true)).click();
        page.waitForURL(u -> u.endsWith("/login"));
    }

    @Test
    void targetUrlsLinkOnlyWhenHttpAndOpenWithoutReferrer() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware"));
        Locator link = page.locator("a[href='https://example.com/hardware/142']").first();
        assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(page.locator("a[href^='javascript']").count()).isZero();
    }

    @Test
    void exportCsvDownloadsExactlyTheFilteredRows() throws IOException {
        signIn("admin");
        page.navigate(url(LOG + "?channel=hardware&event=updated"));
        Set<String> shown = new HashSet<>();
        for (String href : page.locator("tr.entry .desc-link").evaluateAll("as => as.map(a => a.getAttribute('href'))").toString()
                .replaceAll("[\\[\\] ]", "").split(",")) {
            String entryPage = href.split("\\?")[0]; // the link carries the view's filters
            shown.add(entryPage.substring(entryPage.lastIndexOf('/') + 1));
        }
        Download download = page.waitForDownload(() -> button("Export CSV").click());
        assertThat(download.suggestedFilename()).matches("audit-log-\\d{8}-\\d{6}\\.csv");
        assertThat(download.url()).endsWith("/t/default/export?event=updated&channel=hardware&format=csv");
        List<String> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        Set<String> exported = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) exported.add(line.split(",", 2)[0]);
        assertThat(exported).isEqualTo(shown).hasSize(4);
        Download json = page.waitForDownload(() -> button("Export JSON").click());
        assertThat(json.url()).endsWith("/t/default/export?event=updated&channel=hardware&format=json");
        assertThat(page.url()).as("the page stays").endsWith(LOG + "?channel=hardware&event=updated");
        page.navigate(url(LOG + "?q=export+downloaded"));
        assertThat(page.locator("tr.entry").first().locator("td.actor").textContent()).contains("admin");
    }

    @Test
    void theExportButtonsExportTheFilteredViewWithoutScriptToo() throws IOException {
        try (BrowserContext noScript = context.browser().newContext(
                new Browser.NewContextOptions().setJavaScriptEnabled(false).setAcceptDownloads(true))) {
            page = noScript.newPage();
            signIn("admin");
            page.navigate(url(LOG + "?channel=billing"));
            Download download = page.waitForDownload(() -> button("Export CSV").click());
            assertThat(download.url()).endsWith("/t/default/export?channel=billing&format=csv");
            List<String> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
            assertThat(lines.subList(1, lines.size())).hasSize(5).allSatisfy(line -> assertThat(line.split(",")[4]).isEqualTo("billing"));
        }
    }

    @Test
    void theChannelFilterSuggestsTheChannelsTheLogHolds() {
        signIn("admin");
        page.navigate(url(LOG));
        assertThat(page.locator("#f-channel").getAttribute("list")).isEqualTo("f-channel-list");
        List<String> offered = page.locator("#f-channel-list option").all().stream().map(o -> o.getAttribute("value")).toList();
        assertThat(offered).contains("auth", "hardware", "jobs").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void exportClickedRightAfterTypingAFilterExportsTheViewThatFilterGives() throws IOException {
        signIn("admin");
        page.navigate(url(LOG));
        page.locator("#f-channel").fill("hardware"); // typed, not applied: no Enter, no change event yet
        Download download = page.waitForDownload(() -> button("Export CSV").click());
        assertThat(download.url()).endsWith("/t/default/export?channel=hardware&format=csv");
        List<String> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        assertThat(lines.subList(1, lines.size())).isNotEmpty()
                .allSatisfy(line -> assertThat(line.split(",")[4]).isEqualTo("hardware"));
        assertThat(page.url()).endsWith(LOG + "?channel=hardware");
        assertThat(page.locator("#count").textContent()).isEqualTo((lines.size() - 1) + " entries");
    }

    @Test
    void scriptAndImagePayloadsRenderAsTextAndRunNothing() {
        AtomicBoolean dialog = new AtomicBoolean();
        page.onDialog(d -> {
            dialog.set(true);
            d.dismiss();
        });
        signIn("admin");
        page.navigate(url(LOG + "?q=pwned"));
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertThat(page.locator("tr.entry .desc-link").allTextContents())
                .contains("<script>window.pwned=1;alert(1)</script> pwned", "<img src=x onerror=\"window.pwned=2;alert(2)\"> pwned");
        assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("tbody img, tbody script").count()).isZero();
        assertThat(dialog).isFalse();
    }

    @Test
    void anEntryPageShowsWhenTheSenderSaysItHappenedBesideWhenItWasRecorded() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=jobs"));
        openEntry("Nightly report ran");
        assertThat(page.locator(".facts dd.occurred").textContent()).startsWith("15 Jan 2026 09:00:00 UTC");
        page.goBack();
        assertThat(row("Nightly report ran").locator(".occurred").textContent()).as("the row says it too")
                .isEqualTo("occurred 15 Jan 2026");
        page.navigate(url(LOG + "?channel=jobs"));
        openEntry("Nightly cleanup ran");
        assertThat(page.locator(".facts dd.occurred").count()).as("no occurred_at sent").isZero();
    }

    /** A link to an entry kept in a ticket outlives the entry once retention prunes it: the page says why it may be gone. */
    @Test
    void anEntryThatIsNotInTheLogIsA404ThatNamesTheRetentionPeriod() {
        signIn("vera");
        assertThat(page.navigate(url("/t/default/entries/01a01dda-0000-7000-8000-000000000000")).status()).isEqualTo(404);
        assertThat(page.textContent("body")).contains("The log has no entry 01a01dda-0000-7000-8000-000000000000")
                .contains("retention period (365 days)");
    }

    @Test
    void theEntryPageLeadsBackToTheFilteredViewItWasOpenedFrom() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=jobs&q=nightly"));
        openEntry("Nightly report ran");
        page.locator("a.back").click();
        page.waitForURL(u -> u.contains("/audit-log"));
        assertThat(page.url()).endsWith(LOG + "?q=nightly&channel=jobs");
        assertThat(page.locator("#count").textContent()).isEqualTo("2 entries");
    }

    /** An administrator of several tenants tells their tabs apart; an entry's tab says what happened, not its id. */
    @Test
    void pageTitlesNameTheTenantAndAnEntrysTitleIsWhatItSays() {
        signIn("admin");
        assertThat(page.title()).isEqualTo("Audit log · default · Auditlog");
        page.navigate(url("/t/default/settings"));
        assertThat(page.title()).isEqualTo("Settings · default · Auditlog");
        page.navigate(url(LOG + "?channel=jobs"));
        openEntry("Nightly report ran");
        assertThat(page.title()).isEqualTo("Nightly report ran · default · Auditlog");

        page.navigate(url(LOG + "?q=pwned"));
        openEntry("<script>");
        assertThat(page.title()).isEqualTo("<script>window.pwned=1;alert(1)</script> pwned · default · Auditlog");
        assertThat(page.evaluate("() => window.pwned === undefined")).as("escaped, so nothing ran").isEqualTo(true);
    }

    @Test
    void anEntryPageShowsTheVerifiedMarkFromItsInclusionProof() {
        signIn("admin");
        page.navigate(url(LOG + "?channel=billing"));
        page.locator("tr.entry .desc-link").first().click();
        page.waitForURL(u -> u.contains("/entries/"));
        assertThat(page.locator(".verified").textContent()).contains("Verified");
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("entry.png")));
    }

    @Test
    void theTenantMenuClosesOnEscapeAndFocusGoesBackToIt() {
        server.addViewerOfNewTenants(dataDir, "tess", PASSWORD, "menu-one", "menu-two");
        signIn("tess");
        page.getByText("Switch tenant").click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("menu-one")).focus();
        page.keyboard().press("Escape");
        assertThat(page.locator("details.switch").getAttribute("open")).isNull();
        assertThat(page.evaluate("document.activeElement.textContent")).isEqualTo("Switch tenant");
    }

    @Test
    void aViewerReadsTheLogButCannotOpenSettingsOrUsers() {
        signIn("vera");
        assertThat(page.locator("tr.entry").count()).isPositive();
        assertThat(page.locator(".topbar nav a").allTextContents()).containsExactly("Audit log");
        Response settings = page.navigate(url("/t/default/settings"));
        assertThat(settings.status()).isEqualTo(403);
        assertThat(page.textContent("body")).contains("needs the admin role");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("forbidden.png")));
        assertThat(page.navigate(url("/t/default/users")).status()).isEqualTo(403);
    }

    /** WCAG 1.4.3 asks for a contrast of 4.5:1 for text: the top bar is dark, an error page light. */
    @Test
    void signOutIsReadableOnTheTopBarAndOnTheErrorPages() {
        signIn("vera");
        Map<String, Integer> pages = Map.of(LOG, 200, "/t/default/settings", 403, "/t/default/nosuch", 404);
        pages.forEach((path, status) -> {
            assertThat(page.navigate(url(path)).status()).as(path).isEqualTo(status);
            Locator signOut = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"));
            assertThat(((Number) signOut.evaluate(CONTRAST)).doubleValue()).as(path).isGreaterThanOrEqualTo(4.5);
        });
    }

    /** The column headers and the muted text (ages, actions) sit on the table's light grey, which also must reach 4.5:1. */
    @Test
    void theTableHeadersAndMutedTextAreReadable() {
        signIn("vera");
        page.navigate(url(LOG));
        for (String selector : List.of("table.log th", "table.log .muted")) {
            Locator first = page.locator(selector).first();
            assertThat(((Number) first.evaluate(CONTRAST)).doubleValue()).as(selector).isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void aUserWithoutARoleOnTheTenantSeesNoEntries() {
        signIn("noah");
        Response log = page.navigate(url(LOG));
        assertThat(log.status()).isEqualTo(403);
        assertThat(page.locator("tr.entry").count()).isZero();
        assertThat(page.navigate(url("/t/default/export?format=csv")).status()).isEqualTo(403);
    }

    @Test
    void anAdminSeesSettingsAndASuperAdminCreatesAKeyWhoseSecretIsShownOnce() {
        signIn("admin");
        page.navigate(url("/t/default/settings"));
        assertThat(page.textContent("main")).contains("default").contains("Public key");
        page.navigate(url("/t/default/users"));
        page.getByLabel("Key name").fill("ci-pipeline");
        page.getByLabel("ingest").check();
        page.getByText("Create key").click();
        assertThat(page.locator("#new-secret").textContent()).isNotBlank();
        page.navigate(url("/t/default/users"));
        assertThat(page.locator("#new-secret").count()).isZero();
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve("users.png")));
        assertThat(page.locator("table.log").first().textContent()).contains("vera").doesNotContain("noah");
        Locator keyRow = page.locator("tr").filter(new Locator.FilterOptions().setHasText("ci-pipeline"));
        page.onceDialog(Dialog::accept); // "Revoke key ci-pipeline?"
        keyRow.getByText("Revoke").click();
        assertThat(page.locator("tr").filter(new Locator.FilterOptions().setHasText("ci-pipeline")).textContent()).contains("revoked");
    }

    @Test
    void aSuperAdminAddsAUserWhoThenSignsInWithThatRole() {
        signIn("admin");
        page.navigate(url("/t/default/users"));
        page.getByLabel("User name").fill("gus");
        page.locator("#u-password").fill(PASSWORD);
        page.locator("#u-role").selectOption("admin");
        page.getByText("Add user").click();
        assertThat(page.locator(".notice").textContent()).isEqualTo("User gus added as admin.");
        context.clearCookies();
        signIn("gus");
        assertThat(page.locator(".topbar nav a").allTextContents()).containsExactly("Audit log", "Settings");
    }

    @Test
    void formsPostedWithoutOrWithAWrongCsrfTokenAreRefused() throws Exception {
        HttpClient http = cookieClient();
        String loginToken = loginToken(http);
        assertThat(post(http, "/login", "username=admin&password=" + enc(PASSWORD)).statusCode()).isEqualTo(403);
        HttpResponse<String> signedIn = post(http, "/login", "csrf=" + enc(loginToken) + "&username=admin&password=" + enc(PASSWORD));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("auditlog_session=").contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure"));
        String pageToken = csrf(http.send(HttpRequest.newBuilder(URI.create(url(LOG))).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(post(http, "/t/default/keys", "name=x&scope_read=on").statusCode()).isEqualTo(403);
        assertThat(post(http, "/t/default/keys", "csrf=wrong&name=x&scope_read=on").statusCode()).isEqualTo(403);
        assertThat(post(http, "/logout", "").statusCode()).isEqualTo(403);
        assertThat(post(http, "/logout", "csrf=" + enc(pageToken)).statusCode()).isEqualTo(303);
    }

    /**
     * A sibling subdomain can plant the sign-in form's token cookie and post a matching form (login CSRF: the victim
     * then works in the attacker's account); the browser still says the form came from another origin.
     */
    @ParameterizedTest
    @ValueSource(strings = {"same-site", "cross-site", "none"})
    void aFormABrowserSaysCameFromAnotherOriginIsRefusedWithAValidToken(String site) throws Exception {
        HttpClient http = cookieClient();
        String loginToken = loginToken(http);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", site)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(loginToken) + "&username=admin&password=" + enc(PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This form was sent from another site.");
        assertThat(refused.headers().allValues("set-cookie")).noneMatch(c -> c.startsWith("auditlog_session="));

        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(loginToken) + "&username=admin&password=" + enc(PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).as("from its own page").isEqualTo(303);
        String pageToken = csrf(http.send(HttpRequest.newBuilder(URI.create(url(LOG))).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url("/logout")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", site)
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(pageToken))).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("a signed-in form too").isEqualTo(403);
    }

    @Test
    void anErasedPersonAppearsOnThePageOnlyUnderTheirPseudonym() {
        LogStore store = server.server.store();
        store.createTenant(new Tenant("gdpr", "GDPR test", java.time.Instant.now()));
        new WebUsers(dataDir).add("gina", PASSWORD, "gdpr", WebRole.VIEWER);
        Actor zed = new Actor(Actor.USER, "u_zed", "Zed Zimmermann", "zed@example.com");
        store.append("gdpr", List.of(new Event("profile.updated", EventType.UPDATED, "people",
                "Zed Zimmermann changed the address of zed@example.com", null, zed, null, List.of(), "198.51.100.77",
                null, "success", null, null, null)));
        String pseudonym = store.erase("gdpr", "u_zed").pseudonym();
        signIn("gina");
        page.navigate(url("/t/gdpr/audit-log"));
        String html = page.content();
        assertThat(html).contains(pseudonym).doesNotContain("Zimmermann", "zed@example.com", "198.51.100.77");
        assertThat(page.locator("tr.entry .badge-erased").textContent()).as("marked, so a missing IP is not a mystery").isEqualTo("erased");
        page.locator("tr.entry").filter(new Locator.FilterOptions().setHas(page.locator(".badge-erased"))).locator(".desc-link").click();
        assertThat(page.locator(".erased-fact").textContent()).contains("A GDPR erasure replaced");
        page.navigate(url("/t/gdpr/audit-log?q=zimmermann"));
        assertThat(page.locator("#count").textContent()).startsWith("0 ");
    }

    @Test
    void anAddressOutsideTheTenantsIpAllowlistSeesNoLog() throws Exception {
        LogStore store = server.server.store();
        Settings before = store.settings(Tenant.DEFAULT);
        store.saveSettings(Tenant.DEFAULT, new Settings(before.retentionDays(), before.tracking(),
                List.of(Cidr.parse("10.0.0.0/8")), before.archive()));
        try {
            HttpClient http = cookieClient();
            String token = loginToken(http);
            post(http, "/login", "csrf=" + enc(token) + "&username=admin&password=" + enc(PASSWORD));
            HttpResponse<String> log = http.send(HttpRequest.newBuilder(URI.create(url(LOG))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(log.statusCode()).isEqualTo(403);
            assertThat(log.body()).contains("IP allowlist").doesNotContain("class=\"entry");
        } finally {
            store.saveSettings(Tenant.DEFAULT, before);
        }
    }

    @Test
    void signInsAndFailedSignInsAreAuthEntriesNamingTheUserAndTheirAddress() throws Exception {
        HttpClient http = cookieClient();
        String token = loginToken(http);
        HttpResponse<String> wrong = post(http, "/login", "csrf=" + enc(token) + "&username=fay&password=wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("The user name or password is wrong.");
        assertThat(post(http, "/login", "csrf=" + enc(token) + "&username=fay&password=" + enc(PASSWORD)).statusCode()).isEqualTo(303);
        var query = new QueryParameters(Clock.systemUTC()).parse(Map.of("channel", "auth", "actor", "fay"));
        List<Entry> entries = server.server.store().query(Tenant.DEFAULT, query).entries();
        assertThat(entries).extracting(e -> e.event().action()).containsExactly("user.login", "user.login_failed");
        assertThat(entries).allSatisfy(e -> assertThat(e.event().ip()).isEqualTo("127.0.0.1"));
    }

    private void signIn(String user) {
        page.navigate(url("/login"));
        submitSignIn(user);
    }

    private void submitSignIn(String user) {
        page.getByLabel("User name").fill(user);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByText("Sign in", new Page.GetByTextOptions().setExact(true)).last().click();
        page.waitForURL(u -> !u.endsWith("/login"));
    }

    private int count(String path) {
        page.navigate(url(path));
        String text = page.locator("#count").textContent();
        return Integer.parseInt(text.replaceAll("[^0-9]", ""));
    }

    /** The table row of the entry with this description. */
    private Locator row(String description) {
        return page.locator("tr.entry").filter(new Locator.FilterOptions().setHasText(description));
    }

    /** Opens the entry page of the row with this description. */
    private void openEntry(String description) {
        row(description).locator(".desc-link").click();
        page.waitForURL(u -> u.contains("/entries/"));
    }

    /** The number of steps in the tab's history. */
    private long history() {
        return ((Number) page.evaluate("() => history.length")).longValue();
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private int rowCount() {
        return page.locator("tr.entry").count();
    }

    private static String url(String path) {
        return server.uri(path).toString();
    }

    /** Behind the reverse proxy that ends TLS, the browser must never send its session over plain HTTP. */
    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Proto: https", "X-Forwarded-Proto: HTTPS, http", "Forwarded: for=192.0.2.1;proto=https",
            "Forwarded: proto=\"https\";host=example.com, proto=http"})
    void theSessionCookieIsSecureWhenTheProxyInFrontSaysTheBrowserCameOverHttps(String forwarded) throws Exception {
        assertThat(signInCookies(forwarded)).anySatisfy(c -> assertThat(c).startsWith("auditlog_session=").endsWith("; Secure"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Proto: http", "X-Forwarded-Proto: http, https", "Forwarded: proto=http, proto=https",
            "Forwarded: for=\"proto=https\""})
    void theSessionCookieIsNotSecureWhenTheBrowserCameOverPlainHttp(String forwarded) throws Exception {
        assertThat(signInCookies(forwarded)).anySatisfy(c -> assertThat(c).startsWith("auditlog_session=").doesNotContain("Secure"));
    }

    /** SameSite=Lax sends the session along on another site's link, and the export is recorded in the user's name. */
    @Test
    void anExportAskedForByALinkOnAnotherSiteIsRefusedAndNotRecorded() throws Exception {
        HttpClient http = cookieClient();
        String token = loginToken(http);
        assertThat(post(http, "/login", "csrf=" + enc(token) + "&username=admin&password=" + enc(PASSWORD)).statusCode()).isEqualTo(303);
        long exportsBefore = exportsRecorded();
        String export = "/t/default/export?format=csv&q=from-elsewhere";
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(url(export))).header("Sec-Fetch-Site", "cross-site")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("A link from another site asked for this export");
        assertThat(exportsRecorded()).isEqualTo(exportsBefore);
        HttpResponse<String> fromThePage = http.send(HttpRequest.newBuilder(URI.create(url(export))).header("Sec-Fetch-Site", "same-origin")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromThePage.statusCode()).isEqualTo(200);
        assertThat(exportsRecorded()).isEqualTo(exportsBefore + 1);
    }

    private static long exportsRecorded() {
        return server.server.store().query(Tenant.DEFAULT, new QueryParameters(Clock.systemUTC()).parse(Map.of("action", "export.downloaded", "count", "true")))
                .total();
    }

    private static List<String> signInCookies(String forwardedHeader) throws Exception {
        String[] header = forwardedHeader.split(": ", 2);
        HttpClient http = cookieClient();
        String token = loginToken(http);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header(header[0], header[1])
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(token) + "&username=admin&password=" + enc(PASSWORD))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return signedIn.headers().allValues("set-cookie");
    }

    /** A client that keeps cookies as a browser does, for requests a page would not send. */
    private static HttpClient cookieClient() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    /** The sign-in form's CSRF token, its cookie kept by {@code http}. */
    private static String loginToken(HttpClient http) throws Exception {
        return csrf(http.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpResponse<String> post(HttpClient http, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * 26 entries: hardware (6 "assigned", 2 created and 4 updated, with changes; 4 deleted by Bob), billing (5,
     * one with a javascript: url), settings (7 views, two hostile descriptions), jobs (2 by the named system actor
     * cron, with empty changes, and empty or non-empty metadata). The expected counts follow from here.
     */
    private static List<Event> seedEvents() {
        Actor alice = new Actor(Actor.USER, "u_alice", "Alice Admin", "alice@example.com");
        Actor bob = new Actor(Actor.USER, "u_bob", "Bob Builder", "bob@example.com");
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode changes = JsonNodeFactory.instance.objectNode();
            changes.putObject("assignee").putNull("old").put("new", "u_42");
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("source", "web");
            boolean created = i < 2;
            events.add(event(created ? "hardware.created" : "hardware.updated", "Laptop #14" + i + " assigned to u_42",
                    "hardware", i % 2 == 0 ? bob : alice,
                    new Target("hardware", "14" + i, "Laptop #14" + i, i == 2 ? "https://example.com/hardware/142" : null),
                    i < 3 ? List.of(new Concern("user", "emp_7", "Erin")) : List.of(), changes, metadata));
        }
        for (int i = 0; i < 4; i++) {
            events.add(event("hardware.deleted", "Monitor #" + i + " retired", "hardware", bob, null, List.of(), null, null));
        }
        for (int i = 0; i < 5; i++) {
            events.add(event(i == 0 ? "invoice.created" : "invoice.paid", "Invoice " + (7 + i) + " paid", "billing", null,
                    new Target("invoice", "inv" + i, null, i == 1 ? "javascript:alert(1)" : null), List.of(), null, null));
        }
        for (int i = 0; i < 7; i++) {
            events.add(event("settings.viewed", "Settings page viewed", "settings", alice, null, List.of(), null, null));
        }
        events.add(event("note.added", "<script>window.pwned=1;alert(1)</script> pwned", "settings", bob, null, List.of(), null, null));
        events.add(event("note.added", "<img src=x onerror=\"window.pwned=2;alert(2)\"> pwned", "settings", alice, null, List.of(), null, null));
        Actor cron = new Actor(Actor.SYSTEM, "cron", "Nightly job", null);
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        events.add(event("job.ran", "Nightly cleanup ran", "jobs", cron, null, List.of(), empty, empty));
        Event report = event("job.ran", "Nightly report ran", "jobs", cron, null, List.of(), empty,
                JsonNodeFactory.instance.objectNode().put("rows", 12));
        events.add(new Event(report.action(), report.event(), report.channel(), report.description(), REPORT_RAN_AT,
                report.actor(), report.target(), report.concerns(), report.ip(), report.userAgent(), report.status(),
                report.changes(), report.metadata(), report.idempotencyKey()));
        return events;
    }

    private static Event event(String action, String description, String channel, Actor actor, Target target,
                               List<Concern> concerns, ObjectNode changes, ObjectNode metadata) {
        return new Event(action, EventType.derive(action), channel, description, null, actor, target, concerns,
                "203.0.113.7", null, Event.SUCCESS, changes, metadata, null);
    }
}
