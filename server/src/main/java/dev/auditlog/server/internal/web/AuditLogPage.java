package dev.auditlog.server.internal.web;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.InvalidQueryException;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Page;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.server.internal.api.ExportApi;
import dev.auditlog.server.internal.http.QueryValues;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.http.ApiProblem;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code /t/{t}/audit-log} and what hangs off it: the activity histogram fragment, one entry with its
 * "Verified" mark, and the export for signed-in users. Filters are the URL's query string, read by the same
 * {@link QueryParameters} as the API, so the page, the export and the API agree on what a view contains.
 */
final class AuditLogPage {
    /**
     * The filters the page offers: every filter of the query, so that a link the API would answer filtered is
     * filtered here too. In the URL they stand in this order.
     */
    static final List<String> FILTERS = QueryParameters.FILTERS;

    private final LogStore store;
    private final WebAuth auth;
    private final QueryParameters queryParameters;
    private final ExportApi export;
    private final Templates templates;
    private final Clock clock;
    private final ChannelList channels;

    AuditLogPage(LogStore store, WebAuth auth, QueryParameters queryParameters, ExportApi export, Templates templates,
                 Clock clock) {
        this.store = store;
        this.auth = auth;
        this.queryParameters = queryParameters;
        this.export = export;
        this.templates = templates;
        this.clock = clock;
        this.channels = new ChannelList(store, clock);
    }

    void page(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.VIEWER);
        Map<String, String> filters = filters(req);
        Pager pager = Pager.of(req);
        String log = WebHttp.tenantPage(tenant, "/audit-log");
        String export = WebHttp.tenantPage(tenant, "/export");
        AuditLogView view;
        List<IdHint> idHints = List.of();
        NewestEntries newest = new NewestEntries(store, tenant);
        try {
            refuseAmbiguous(req);
            EntryQuery query = query(filters, pager.cursor()).withCount(true);
            Page page = store.query(tenant, query);
            Instant now = clock.instant();
            List<EntryRow> rows = page.entries().stream().map(e -> EntryRow.of(e, now)).toList();
            long total = page.total() == null ? rows.size() : page.total();
            view = new AuditLogView(tenant, filters, pager.here(), total, rows,
                    query.filtered(), log, export, url(log, filters, pager.newer()),
                    page.nextCursor() == null ? null : url(log, filters, pager.older(page.nextCursor())),
                    total == 0 ? null : url(log + "/activity", filters, Map.of()), null);
            if (total == 0) idHints = IdHint.of(newest, filters, log);
        } catch (InvalidQueryException e) {
            view = new AuditLogView(tenant, filters, Map.of(), 0, List.of(), true, log, null, null, null, null,
                    AuditLogView.FilterError.of(e.getMessage(), e.parameter()));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of("Audit log", in, tenant, store));
        params.put("view", view);
        params.put("ignored", ignoredNotice(req));
        params.put("idHints", idHints);
        params.put("channels", channels.of(tenant));
        // A filter changed by htmx swaps the results alone: the form, and its suggestions, stay as they were
        params.put("names", WebHttp.fromHtmx(req) ? NameSuggestions.NONE : NameSuggestions.of(newest));
        WebHttp.html(res, 200, templates.render("auditLog.jte", params));
    }

    void activity(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        auth.require(req, tenant, WebRole.VIEWER);
        Map<String, Object> params = new LinkedHashMap<>();
        try {
            params.put("chart", Activity.chart(store, tenant, query(filters(req), null), clock.instant()));
        } catch (InvalidQueryException e) {
            params.put("chart", null);
        }
        WebHttp.html(res, 200, templates.render("activity.jte", params));
    }

    void entry(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.VIEWER);
        String id = req.path().pathParameters().get("id");
        Entry entry = store.entry(tenant, id).orElseThrow(() -> new WebFailure(404, "The log has no entry " + id + ". Entries "
                + "older than this tenant's retention period (" + store.settings(tenant).retentionDays() + " days) are removed "
                + "by the daily prune, and a link to one then leads here."));
        EntryRow row = EntryRow.of(entry, clock.instant());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frame", PageFrame.of(row.tabTitle(), in, tenant, store)); // what the entry says, not its id, names its tab
        params.put("backUrl", url(WebHttp.tenantPage(tenant, "/audit-log"), filters(req), Pager.of(req).here())); // the page it was opened from
        params.put("tenant", tenant);
        params.put("row", row);
        params.put("seq", entry.seq());
        params.put("verified", Inclusion.verified(store, tenant, entry));
        params.put("json", EntryRow.pretty(EntryJson.toJson(entry)));
        WebHttp.html(res, 200, templates.render("entry.jte", params));
    }

    /** The API's export, authorised by the session: the export.downloaded entry names the signed-in user. */
    void export(ServerRequest req, ServerResponse res) {
        String tenant = WebRoutes.tenant(req);
        WebAuth.SignedIn in = auth.require(req, tenant, WebRole.VIEWER);
        // An export is recorded in the user's name, with its filters: a link on another site must not make one (the
        // session cookie, SameSite=Lax, goes along on a navigation). Browsers say where a navigation came from.
        if (req.headers().first(WebHttp.SEC_FETCH_SITE).filter("cross-site"::equals).isPresent()) {
            throw WebFailure.forbidden("A link from another site asked for this export. To export, open the audit log and use "
                    + "Export CSV or Export JSON.");
        }
        try {
            export.stream(req, res, tenant, Caller.webUser(in.user().name()));
        } catch (InvalidQueryException e) {
            throw new WebFailure(400, e.getMessage());
        } catch (ApiProblem e) { // the API's refusals (a filter given twice, a format it does not know) as a page
            if (res.isSent()) throw e;
            throw new WebFailure(e.status(), e.detail());
        }
    }

    private EntryQuery query(Map<String, String> filters, String cursor) {
        Map<String, String> params = new LinkedHashMap<>(filters);
        if (cursor != null) params.put("cursor", cursor);
        return queryParameters.parse(params);
    }

    /** The filters in use (blank ones are not), each the first value the URL gives it: see {@link #refuseAmbiguous}. */
    static Map<String, String> filters(ServerRequest req) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            req.query().first(name).asOptional().map(v -> QueryParameters.given(name, v)).ifPresent(v -> filters.put(name, v));
        }
        return filters;
    }

    /**
     * A filter given more than one value ({@code ?channel=a&channel=b}) is refused, as the API refuses it: using one
     * of them would show a view other than the link asked for, one that looks filtered as asked. A blank value says
     * nothing (a form sent without script names every control), so only values that hold something count. So is a
     * value whose %-escapes are not UTF-8 ({@code ?q=%FF}): it would search for U+FFFD.
     */
    private static void refuseAmbiguous(ServerRequest req) {
        for (String name : FILTERS) {
            if (!req.query().contains(name)) continue;
            long given = req.query().all(name).stream().filter(v -> QueryParameters.given(name, v) != null).count();
            if (given > 1) {
                throw new InvalidQueryException(name, name + " may be given only once; it was given " + given + " times");
            }
            if (!QueryValues.escapesAreUtf8(req.query().getRaw(name))) {
                throw new InvalidQueryException(name, name + " is not UTF-8 once its %-escapes are decoded");
            }
        }
    }

    /**
     * What the page says of parameters in its URL that are none of its filters ({@code ?chanel=billing}, or the API's
     * {@code limit}), or null when there are none. The API refuses them; the page shows the view all the same, since a
     * link into it may carry parameters of its own, but says they were not applied: the entries below must not pass
     * for a view filtered as the link meant.
     */
    static String ignoredNotice(ServerRequest req) {
        List<String> ignored = req.query().names().stream()
                .filter(name -> !name.isEmpty() && !FILTERS.contains(name) && !Pager.CURSOR.equals(name) && !Pager.BACK.equals(name))
                .sorted().toList();
        if (ignored.isEmpty()) return null;
        return "Not applied: " + String.join(", ", ignored) + (ignored.size() == 1 ? " is not a filter" : " are not filters")
                + " of this page, so the entries below are not filtered by " + (ignored.size() == 1 ? "it." : "them.");
    }

    /** The path with the filters and then {@code extra} as its query; null when {@code extra} is (no such page). */
    static String url(String path, Map<String, String> filters, Map<String, String> extra) {
        if (extra == null) return null;
        StringJoiner q = new StringJoiner("&");
        filters.forEach((k, v) -> q.add(k + "=" + WebHttp.encode(v)));
        extra.forEach((k, v) -> q.add(k + "=" + WebHttp.encode(v)));
        return q.length() == 0 ? path : path + "?" + q;
    }
}
