package dev.auditlog.server.internal.web;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an empty view says of its Actor or Concerns filter when that holds something other than an id of the log: those
 * filters take ids exactly (CONTRACT §4), and "Grace Hopper", "grace@example.com", "U_17 " or "System" typed there
 * find nothing, which reads as "she did nothing". So the page names the ids the newest entries give that name or
 * e-mail address, or that the text spells in other case or with spaces around, each a link to the same view filtered
 * by it. For Concerns an actor's name counts too: the person who acted in one entry is the one others concern. What
 * looks like a name (a space or an {@code @} in it) and matches nothing is said to have been looked for only in the
 * newest entries, so an empty view does not pass for "never in the log". Read from the log for each such view, as
 * {@link NameSuggestions} are: an erased person's name is no longer there to match.
 *
 * @param filter  the filter: {@code actor} or {@code concerns}
 * @param typed   what it holds
 * @param matches the ids found for it, newest first; empty when none was
 */
public record IdHint(String filter, String typed, List<Match> matches) {
    /** How many of the newest entries are looked through. */
    static final int RECENT = 2_000;
    /** The most ids offered: names are not unique, but a hint listing dozens helps no one. */
    static final int MAX_MATCHES = 5;

    /** An id the log gives the text, how the log labels it, and the view filtered by it. */
    public record Match(String id, String label, String url) {
    }

    /** What the page says, before the links if there are any. */
    public String message() {
        String field = filter.equals("actor") ? "Actor" : "Concerns";
        String none = filter.equals("actor") ? "no entry\u2019s actor has the id \u201c" + typed + "\u201d."
                : "no entry concerns the id \u201c" + typed + "\u201d.";
        if (matches.isEmpty()) {
            return field + " takes an id: " + none + " Nor do the newest " + String.format(Locale.ROOT, "%,d", RECENT)
                    + " entries give anyone that name or e-mail address; an older entry of theirs, found by Search, shows their id.";
        }
        return field + " takes an id: " + none + (filter.equals("actor") ? " Show the entries by" : " Show the entries concerning");
    }

    /** The hints for an empty view filtered by {@code filters}: one for each of Actor and Concerns that needs one. */
    static List<IdHint> of(NewestEntries newest, Map<String, String> filters, String logPath) {
        List<IdHint> hints = new ArrayList<>();
        for (String filter : List.of("actor", "concerns")) {
            String typed = filters.get(filter);
            if (typed == null) continue;
            Map<String, String> labels = idsFor(newest.upTo(RECENT), filter, typed);
            if (labels.containsKey(typed)) continue; // an id of the log: the other filters emptied the view
            if (labels.isEmpty() && !typed.contains(" ") && !typed.contains("@")) continue; // an id of no entry: nothing to say
            List<Match> matches = labels.entrySet().stream().limit(MAX_MATCHES).map(l -> {
                Map<String, String> refiltered = new LinkedHashMap<>(filters);
                refiltered.put(filter, l.getKey());
                return new Match(l.getKey(), l.getValue(), AuditLogPage.url(logPath, refiltered, Map.of()));
            }).toList();
            hints.add(new IdHint(filter, typed, matches));
        }
        return hints;
    }

    /** The ids, each with its label, that the entries give {@code typed} or that it spells, newest first. */
    private static Map<String, String> idsFor(List<Entry> entries, String filter, String typed) {
        String wanted = folded(typed);
        Map<String, String> labels = new LinkedHashMap<>();
        if (filter.equals("actor") && wanted.equals("system") && !typed.equals("system")) labels.put("system", "the system");
        for (Entry entry : entries) {
            Event e = entry.event();
            Actor a = e.actor(); // for Concerns too: whom one entry concerns acts in another
            if (a != null && a.id() != null && !a.isSystem()
                    && (is(a.name(), wanted) || is(a.email(), wanted) || is(a.id(), wanted))) {
                labels.putIfAbsent(a.id(), a.name() != null ? a.name() : a.email() != null ? a.email() : a.id());
            }
            if (filter.equals("concerns")) {
                if (e.target() != null) add(labels, e.target().id(), e.target().name(), wanted);
                for (Concern c : e.concerns()) add(labels, c.id(), c.name(), wanted);
            }
        }
        return labels;
    }

    private static void add(Map<String, String> labels, String id, String name, String wanted) {
        if (id != null && (is(name, wanted) || is(id, wanted))) labels.putIfAbsent(id, name != null ? name : id);
    }

    private static boolean is(String value, String wanted) {
        return value != null && folded(value).equals(wanted);
    }

    private static String folded(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
