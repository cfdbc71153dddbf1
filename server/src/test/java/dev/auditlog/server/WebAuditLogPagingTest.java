package dev.auditlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging the audit log with "Older →" and "← Newer": Newer goes back exactly one page, also under a filter
 * that matches only some entries (where the page above cannot be worked out from the seqs on this one).
 */
class WebAuditLogPagingTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final int PAGE = EntryQuery.DEFAULT_LIMIT;
    private static final Pattern ENTRY_LINK = Pattern.compile("href=\"/t/default/entries/([^\"?]+)[^\"]*\"");

    @TempDir
    static Path dataDir;
    private static TestServer server;
    private static WebClient browser;

    /** Three and a half pages of channel {@code paged}, each entry followed by two of another channel. */
    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir, PASSWORD);
        Actor actor = new Actor(Actor.USER, "u_pat", "Pat", null);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < PAGE * 7 / 2; i++) {
            for (String channel : List.of("paged", "noise", "noise")) {
                events.add(new Event("item.updated", EventType.UPDATED, channel, channel + " " + i, null, actor, null,
                        List.of(), null, null, Event.SUCCESS, null, null, null));
            }
        }
        server.server.store().append(Tenant.DEFAULT, events);
        browser = new WebClient(server);
        browser.signIn("admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void newerUnderAFilterReturnsExactlyThePreviousPageAllTheWayToTheFirst() {
        String first = browser.get("/t/default/audit-log?channel=paged").body();
        String second = browser.get(link(first, "Older →")).body();
        String third = browser.get(link(second, "Older →")).body();
        assertThat(entries(third)).hasSize(PAGE).doesNotContainAnyElementsOf(entries(second));

        String backToSecond = browser.get(link(third, "← Newer")).body();
        assertThat(entries(backToSecond)).isEqualTo(entries(second));
        String backToFirst = browser.get(link(backToSecond, "← Newer")).body();
        assertThat(entries(backToFirst)).isEqualTo(entries(first));
        assertThat(link(backToFirst, "← Newer")).as("the first page has no Newer").isNull();
        assertThat(link(backToFirst, "Older →")).isEqualTo(link(first, "Older →"));
    }

    /** The row's own link of an actor whose id was sent padded shows that actor's entries, not those of the id unpadded. */
    @Test
    void anIdFilterMatchesTheIdAsStoredWhiteSpaceIncluded() {
        Event padded = new Event("item.viewed", EventType.READ, "ids", "by the padded id", null, new Actor(Actor.USER, "u_pat  ", "Pat", null),
                null, List.of(), null, null, Event.SUCCESS, null, null, null);
        server.server.store().append(Tenant.DEFAULT, List.of(padded));
        String page = browser.get("/t/default/audit-log?channel=ids&actor=" + WebClient.encode("u_pat  ")).body();
        assertThat(page).contains("by the padded id", "value=\"u_pat  \"");
        assertThat(browser.get("/t/default/audit-log?channel=ids&actor=u_pat").body()).doesNotContain("by the padded id");
    }

    @Test
    void everyPageKeepsTheFilter() {
        String second = browser.get(link(browser.get("/t/default/audit-log?channel=paged").body(), "Older →")).body();
        assertThat(link(second, "Older →")).startsWith("/t/default/audit-log?channel=paged&");
        assertThat(link(second, "← Newer")).isEqualTo("/t/default/audit-log?channel=paged");
    }

    @Test
    void anEntryOpenedFromAnOlderPageLeadsBackToThatPage() {
        String second = browser.get(link(browser.get("/t/default/audit-log?channel=paged").body(), "Older →")).body();
        Matcher entryLink = Pattern.compile("href=\"(/t/default/entries/[^\"]+)\"").matcher(second);
        assertThat(entryLink.find()).isTrue();
        String entryPage = browser.get(entryLink.group(1).replace("&amp;", "&")).body();
        Matcher back = Pattern.compile("<a class=\"back\" href=\"([^\"]+)\">").matcher(entryPage);
        assertThat(back.find()).isTrue();
        assertThat(entries(browser.get(back.group(1).replace("&amp;", "&")).body())).isEqualTo(entries(second));
    }

    /** The ids of the entries on the page, in order. */
    private static List<String> entries(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ENTRY_LINK.matcher(html);
        while (m.find()) {
            if (!ids.contains(m.group(1))) ids.add(m.group(1));
        }
        return ids;
    }

    /** The pager link with this text, or null when the page shows it disabled. */
    private static String link(String html, String text) {
        Matcher m = Pattern.compile("<a class=\"btn\" href=\"([^\"]+)\">" + Pattern.quote(text) + "</a>").matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }
}
