package dev.auditlog.server;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium, headless, driven through Playwright, as every browser test uses it: one browser for the test
 * class, and for each test a fresh context (its own cookies) with one page. Register it on a static field with
 * {@code @RegisterExtension}; the class's own {@code @BeforeEach} methods then find {@link #page} open.
 */
final class TestBrowser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Browser.NewContextOptions contextOptions;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;

    TestBrowser(Browser.NewContextOptions contextOptions) {
        this.contextOptions = contextOptions;
    }

    @Override
    public void beforeAll(ExtensionContext test) {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run")));
    }

    @Override
    public void beforeEach(ExtensionContext test) {
        context = browser.newContext(contextOptions);
        page = context.newPage();
    }

    @Override
    public void afterEach(ExtensionContext test) {
        context.close();
    }

    @Override
    public void afterAll(ExtensionContext test) {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    /** This test's browser context. */
    BrowserContext context() {
        return context;
    }

    /** This test's page. */
    Page page() {
        return page;
    }
}
