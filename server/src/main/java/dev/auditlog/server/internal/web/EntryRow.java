package dev.auditlog.server.internal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.Pseudonyms;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.server.internal.http.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table row of the audit log page, and the facts of the entry page, every value already a display string (the
 * template only escapes).
 *
 * @param description the entry's description, null when it has none (the row and the entry page then show its
 *                  action instead: see {@link #title})
 * @param action    the entry's action, exactly as sent: the Event badge is coarser
 * @param status    {@code success}, or anything else for an action that failed ({@code error}): see {@link #failed}
 * @param actorName the actor's name, else the id of a user or integration (a system actor's id, such as
 *                  {@code cron}, says less than its System badge); null when there is neither
 * @param actorId   the actor's id, null when it has none
 * @param actorType the actor's type, null when there is no actor or it gave none
 * @param actorFilter the value of the {@code actor} filter that finds this entry's actor: its id, or {@code system}
 *                  for the system acting without an id; null for an actor without id who is not the system
 * @param system    whether the system acted (a system actor, or none): shown as the System badge, beside the name
 * @param badge     CSS class of the Event badge (created emerald, updated sky, deleted rose, read violet, other slate)
 * @param changes   changes shaped {@code {"field": {"old": …, "new": …}}}, as field | before → after rows
 * @param detailsJson the entry's changes and metadata as indented JSON; null when both are absent or empty
 * @param changesJson the changes as indented JSON when some of them are not shaped as old and new (so the table of
 *                  {@code changes} leaves them out); else null
 * @param metadataJson the metadata as indented JSON; null when absent or empty
 * @param targetUrl the target's url, only when it is http or https (a {@code javascript:} url is dropped)
 * @param occurred  when the client says it happened ({@code occurred_at}), date and time; null when it did not say.
 *                  When, like the filters, is the recorded time, which the server vouches for
 * @param occurredApart when it is a minute or more from the recorded time (an event sent late, a batch imported), what
 *                  the row adds under When: the time it happened on the day recorded, else only the day (the whole
 *                  time, {@code occurred}, is the line's tooltip); else null
 * @param erased    whether a GDPR erasure replaced personal fields of this entry (names, e-mail, IP…) with pseudonyms
 * @param byAuditlog whether Auditlog wrote the entry itself ({@link Event#writtenByAuditlog}), which no API key can
 *                  pass off: an export, a change of settings, keys or users, a sign-in, an erasure, a prune
 */
public record EntryRow(String id, String date, String time, String age, String utc, String description,
                       String action, String status, String channel, String actorName, String actorEmail,
                       String actorId, String actorType, String actorFilter, boolean system, String event,
                       String badge, List<Change> changes, String detailsJson, String changesJson, String metadataJson,
                       String targetLabel, String targetType, String targetId, String targetName, String targetUrl,
                       List<Concern> concerns, String ip, String userAgent, String occurred, String occurredApart,
                       boolean erased, boolean byAuditlog) {
    private static final int TAB_TITLE_LENGTH = 80;
    private static final int HEADING_LENGTH = 200;
    private static final Duration APART = Duration.ofMinutes(1);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /**
     * JSON indented for reading on a page, as {@code JSON.stringify(value, null, 2)} lays it out: {@code "key": value},
     * each array element on a line of its own, {@code []} and {@code {}} for empty ones (Jackson's default printer
     * writes {@code "key" : value} and {@code [ ]}).
     */
    private static final ObjectWriter PRETTY = Json.MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")).withObjectIndenter(new DefaultIndenter("  ", "\n")));

    /** One changed field. */
    public record Change(String field, String before, String after) {
    }

    public boolean hasDetails() {
        return detailsJson != null;
    }

    /** Whether the entry has a description of its own; without one, {@link #title} is its action. */
    public boolean described() {
        return description != null && !description.isBlank();
    }

    /** What the row's link and the entry page's heading say: the description, else the action (always present). */
    public String title() {
        return described() ? description : action;
    }

    /** The entry page's tab title: its {@link #title}, cut to {@value #TAB_TITLE_LENGTH} characters, as a tab shows fewer. */
    public String tabTitle() {
        return titleCutTo(TAB_TITLE_LENGTH);
    }

    /**
     * The entry page's heading: its {@link #title}, cut to {@value #HEADING_LENGTH} characters. A description may fill
     * most of an event's 64 KiB, which as a heading pushed every fact of the entry pages down; the page then shows it
     * whole in a box of its own ({@link #longDescription}).
     */
    public String heading() {
        return titleCutTo(HEADING_LENGTH);
    }

    /** Whether the description is too long for the heading, so the entry page shows it whole below it. */
    public boolean longDescription() {
        return described() && description.codePointCount(0, description.length()) > HEADING_LENGTH;
    }

    private String titleCutTo(int length) {
        String title = title();
        if (title.codePointCount(0, title.length()) <= length) return title;
        return title.substring(0, title.offsetByCodePoints(0, length - 1)) + "…";
    }

    /** Whether an integration acted (a service or API client, not a person): shown as the Integration badge. */
    public boolean integration() {
        return Actor.INTEGRATION.equals(actorType);
    }

    /** Whether the action failed: any status but {@code success} (ingest knows {@code error}). */
    public boolean failed() {
        return !Event.SUCCESS.equals(status);
    }

    /** CSS class of the status badge: red for a failure, green for a success. */
    public String statusBadge() {
        return failed() ? "badge-failed" : "badge-success";
    }

    static EntryRow of(Entry entry, Instant now) {
        Event e = entry.event();
        Actor actor = e.actor();
        Target target = e.target();
        String actorName = actor == null ? null : firstNonBlank(actor.name(), actor.isSystem() ? null : actor.id());
        String actorId = actor == null ? null : blankToNull(actor.id());
        String actorFilter = actorId != null ? actorId : e.bySystem() ? EntryQuery.SYSTEM_ACTOR : null;
        List<Change> changes = changes(e.changes());
        String occurred = e.occurredAt() == null ? null : DATE.format(e.occurredAt()) + " " + TIME.format(e.occurredAt()) + " UTC";
        return new EntryRow(entry.id(), DATE.format(entry.recordedAt()), TIME.format(entry.recordedAt()) + " UTC",
                age(entry.recordedAt(), now), entry.recordedAt().toString(), blankToNull(e.description()), e.action(),
                e.status(), e.channel(), actorName, actor == null ? null : actor.email(), actorId,
                actor == null ? null : actor.type(), actorFilter, e.bySystem(), e.event().wire(),
                "badge-" + e.event().wire(), changes, details(e), untabulatedChanges(e.changes(), changes),
                e.metadata() == null || e.metadata().isEmpty() ? null : pretty(e.metadata()), targetLabel(target),
                target == null ? null : target.type(), target == null ? null : blankToNull(target.id()),
                target == null ? null : target.name(), link(target, entry.erased()), e.concerns(), e.ip(), e.userAgent(), occurred,
                occurredApart(e.occurredAt(), entry.recordedAt()), entry.erased(), e.writtenByAuditlog());
    }

    /** See {@code occurredApart}: null, the time (on the day recorded) or the day. */
    private static String occurredApart(Instant occurred, Instant recorded) {
        if (occurred == null || Duration.between(occurred, recorded).abs().compareTo(APART) < 0) return null;
        String day = DATE.format(occurred);
        return day.equals(DATE.format(recorded)) ? TIME.format(occurred) + " UTC" : day;
    }

    /** "just now", "5 minutes ago", "2 hours ago", "3 days ago", … */
    static String age(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 60) return "just now";
        if (s < 3600) return ago(s / 60, "minute");
        if (s < 86_400) return ago(s / 3600, "hour");
        if (s < 86_400L * 30) return ago(s / 86_400, "day");
        if (s < 86_400L * 365) return ago(s / (86_400L * 30), "month");
        return ago(s / (86_400L * 365), "year");
    }

    private static String ago(long n, String unit) {
        return Plural.of(n, unit) + " ago";
    }

    private static List<Change> changes(JsonNode changes) {
        List<Change> rows = new ArrayList<>();
        if (changes == null) return rows;
        changes.properties().forEach(f -> {
            JsonNode v = f.getValue();
            if (v.isObject() && (v.has("old") || v.has("new"))) {
                rows.add(new Change(f.getKey(), compact(v.get("old")), compact(v.get("new"))));
            }
        });
        return rows;
    }

    /** Only members that hold something: an empty {@code {}} is nothing to show, so it earns no Details button. */
    private static String details(Event e) {
        var node = Json.object();
        if (e.changes() != null && !e.changes().isEmpty()) node.set("changes", e.changes());
        if (e.metadata() != null && !e.metadata().isEmpty()) node.set("metadata", e.metadata());
        return node.isEmpty() ? null : pretty(node);
    }

    /** The changes as JSON when their {@code table} leaves some of them out; else null. */
    private static String untabulatedChanges(JsonNode changes, List<Change> table) {
        if (changes == null || changes.isEmpty()) return null;
        return table.size() == changes.size() ? null : pretty(changes);
    }

    /** JSON indented for reading on a page ({@link #PRETTY}). */
    static String pretty(JsonNode node) {
        return written(PRETTY, node);
    }

    /** A value in the before → after table: decimals and emoji as the API writes them, not as {@code toString()} does. */
    private static String compact(JsonNode v) {
        if (v == null || v.isNull()) return "—";
        return v.isTextual() ? v.textValue() : written(Json.MAPPER.writer(), v);
    }

    private static String written(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The target's type and name (or id); its url when it has nothing else, so that it still gets its link. */
    private static String targetLabel(Target t) {
        if (t == null) return null;
        String label = firstNonBlank(t.name(), t.id());
        if (t.type() == null && label == null) return t.url();
        return t.type() == null ? label : t.type() + " " + (label == null ? "" : label);
    }

    /**
     * The url to link the target with, if any: a {@link #safeUrl}, and not one an erasure rewrote. An erased entry's url
     * with a pseudonym in it ({@code …/users/subject-018735d2bc4c}) names no page of the product any more, and the
     * pseudonym may even stand where the host was: it is shown as text.
     */
    private static String link(Target t, boolean erased) {
        String url = safeUrl(t);
        return erased && Pseudonyms.appearIn(url) ? null : url;
    }

    /** Only absolute http(s) urls become links: anything else could be a script or a local file. */
    static String safeUrl(Target t) {
        if (t == null || t.url() == null) return null;
        try {
            URI uri = new URI(t.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? t.url() : null;
        } catch (URISyntaxException ex) {
            return null;
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
