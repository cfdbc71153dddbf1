package dev.auditlog.server.internal.web;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.store.QueryParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log page's model.
 *
 * @param filters   the filter values as the URL gave them (to refill the form)
 * @param page      the query of the page shown (its cursor and the way back, see {@link Pager}), empty on the first
 * @param filtered  whether any filter is active: only then is Clear shown
 * @param exportUrl the export, to which the Export buttons send this view's filters and their format; null when the
 *                  filters were refused (there is no view to export)
 * @param error     why the filters could not be applied (a bad date), or null; then the page shows only the
 *                  error, since no query ran and a count or "no entries" would claim a result
 * @param newerUrl  link to newer entries, null on the first page
 * @param olderUrl  link to older entries, null on the last page
 * @param activityUrl the activity histogram of the view, loaded after the page; null when no entry matches, so that
 *                  "No entries match these filters." is all an empty view shows, not an empty chart beside it
 */
public record AuditLogView(String tenant, Map<String, String> filters, Map<String, String> page, long total, List<EntryRow> rows,
                           boolean filtered, String clearUrl, String exportUrl, String newerUrl,
                           String olderUrl, String activityUrl, FilterError error) {
    /**
     * A filter the query refused: the message, and the id of the control that holds the filter (null when none does),
     * which the page marks invalid and described by the message, so a screen reader finds the field at fault.
     */
    public record FilterError(String message, String control) {
        static FilterError of(String message, String parameter) {
            return new FilterError(message, AuditLogPage.FILTERS.contains(parameter) ? "f-" + parameter.replace('_', '-') : null);
        }
    }

    public static final List<String> EVENTS = List.of("created", "read", "updated", "deleted", "other");
    /** The statuses of the Status control: those ingest accepts. */
    public static final List<String> STATUSES = Event.STATUSES;
    /**
     * The actor types ingest accepts ({@link Actor#TYPES}) as the {@code actor_type} filter's values and the names the
     * "Performed by" control shows for them. The control is not called "Actor type": a label holding "Actor" would
     * make the filter bar's Actor ambiguous to anyone finding it by its label (Playwright's {@code getByLabel("Actor")}
     * matches any label containing the word), and CONTRACT §7 promises that label one control.
     */
    public static final List<List<String>> ACTOR_TYPES = List.of(List.of(Actor.USER, "User"),
            List.of(Actor.INTEGRATION, "Integration"), List.of(Actor.SYSTEM, "System"));
    /**
     * The filters under "More filters", beside the filter bar's Search, Event, Channel, Actor, Concerns, From, To
     * and Period: the disclosure opens when one of them is in use, so no filter of the view is hidden.
     */
    public static final List<String> MORE_FILTERS = List.of("action", "status", "actor_type", "target_type", "target_id", "ip");
    public static final List<List<String>> PERIODS = List.of(List.of("today", "Today"),
            List.of("this_month", "This month"), List.of("last_month", "Last month"),
            List.of("this_quarter", "This quarter"), List.of("last_quarter", "Last quarter"),
            List.of("this_year", "This year"), List.of("last_year", "Last year"));

    public String filter(String name) {
        return filters.getOrDefault(name, "");
    }

    /** Whether "More filters" starts open: one of its filters is in use. */
    public boolean moreFiltersOpen() {
        return MORE_FILTERS.stream().anyMatch(filters::containsKey);
    }

    /**
     * This view narrowed to the row's actor (the Actor filter set to its id, or {@code system}), the other filters
     * kept; null when the actor has no id to filter by.
     */
    public String actorUrl(EntryRow row) {
        if (row.actorFilter() == null) return null;
        Map<String, String> narrowed = new LinkedHashMap<>();
        for (String name : AuditLogPage.FILTERS) {
            String value = name.equals("actor") ? row.actorFilter() : filters.get(name);
            if (value != null) narrowed.put(name, value);
        }
        return AuditLogPage.url(logPath(tenant), narrowed, Map.of());
    }

    /** The whole log of {@code tenant} filtered by one filter: the entry page's "entries by this actor" and the like. */
    public static String filterUrl(String tenant, String name, String value) {
        return value == null ? null : AuditLogPage.url(logPath(tenant), Map.of(name, value), Map.of());
    }

    /**
     * The view of one record's entries as their target: by its type and id, as ids are often unique only within a type
     * (invoice 1001 and employee 1001). {@code concerns} matches the id alone.
     */
    public static String recordUrl(String tenant, String type, String id) {
        Map<String, String> filters = new LinkedHashMap<>();
        if (type != null) filters.put("target_type", type);
        filters.put("target_id", id);
        return AuditLogPage.url(logPath(tenant), filters, Map.of());
    }

    private static String logPath(String tenant) {
        return WebHttp.tenantPage(tenant, "/audit-log");
    }

    /**
     * The type of the From or To control: a date picker for a bare date (or none), else a text box holding the
     * value as the URL gave it. A time such as {@code 2026-11-29T05:00:00Z}, which the query accepts, would show
     * as an empty date picker, and the next filter change would silently drop it from the URL.
     */
    public String dateControlType(String name) {
        String value = filter(name);
        return value.isEmpty() || QueryParameters.bareDate(value).isPresent() ? "date" : "text";
    }

    /** The entry page of {@code row}, with the {@link #entryQuery}. */
    public String entryUrl(EntryRow row) {
        return AuditLogPage.url(entryPath(row), entryQuery(), Map.of());
    }

    /** The entry page of {@code row}, without a query. */
    public String entryPath(EntryRow row) {
        return WebHttp.tenantPage(tenant, "/entries/" + WebHttp.encode(row.id()));
    }

    /**
     * What an entry page is opened with: this view's filters and page, so that its link back to the log returns to
     * this page of this view rather than to the whole log or its first page.
     */
    public Map<String, String> entryQuery() {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.putAll(page);
        return query;
    }

    /**
     * The count as the contract words it, {@code N entries}: the bare number, as the API's {@code total} gives it,
     * whatever N is. Clients read the count by that pattern, so neither a thousands separator nor "1 entry" would
     * be read as the number it is.
     */
    public String countText() {
        return total + " entries";
    }
}
