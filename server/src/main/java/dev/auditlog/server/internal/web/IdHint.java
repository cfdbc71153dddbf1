package dev.auditlog.server.internal.web;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an empty view says when its Actor or Concerns filter holds a name: those filters take ids (CONTRACT §4), and
 * "Grace Hopper" typed there finds nothing, which reads as "she did nothing". So the page names the ids the newest
 * entries give that name or e-mail address (in any case), each a link to the same view filtered by it. Read from the
 * log for each such view, as {@link NameSuggestions} are: an erased person's name is no longer there to match.
 *
 * @param filter  the filter that holds the name: {@code actor} or {@code concerns}
 * @param typed   what it holds
 * @param matches the ids found for it, newest first
 */
public record IdHint(String filter, String typed, List<Match> matches) {
    /** How many of the newest entries are looked through. */
    static final int RECENT = 2_000;
    /** The most ids offered: names are not unique, but a hint listing dozens helps no one. */
    static final int MAX_MATCHES = 5;

    /** An id the log gives the name, how the log labels it, and the view filtered by it. */
    public record Match(String id, String label, String url) {
    }

    /** What the page says before the links. */
    public String message() {
        return filter.equals("actor")
                ? "Actor takes an id, not a name: no entry’s actor has the id “" + typed + "”. Show the entries by"
                : "Concerns takes an id, not a name: no entry concerns the id “" + typed + "”. Show the entries concerning";
    }

    /** The hint for an empty view filtered by {@code filters}, if its Actor or Concerns filter names someone. */
    static Optional<IdHint> of(LogStore store, String tenant, Map<String, String> filters, String logPath) {
        return Stream.of("actor", "concerns").filter(filters::containsKey).findFirst().flatMap(filter -> {
            String typed = filters.get(filter);
            Map<String, String> labels = named(store, tenant, filter, typed.strip().toLowerCase(Locale.ROOT));
            labels.remove(typed);
            if (labels.isEmpty()) return Optional.empty();
            List<Match> matches = labels.entrySet().stream().limit(MAX_MATCHES).map(l -> {
                Map<String, String> refiltered = new LinkedHashMap<>(filters);
                refiltered.put(filter, l.getKey());
                return new Match(l.getKey(), l.getValue(), AuditLogPage.url(logPath, refiltered, Map.of()));
            }).toList();
            return Optional.of(new IdHint(filter, typed, matches));
        });
    }

    /** The ids whose name or e-mail address is {@code name} (lower case) in the newest entries, each with its name. */
    private static Map<String, String> named(LogStore store, String tenant, String filter, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Entry entry : store.query(tenant, EntryQuery.all().withLimit(RECENT)).entries()) {
            Event e = entry.event();
            if (filter.equals("actor")) {
                Actor a = e.actor();
                if (a != null && a.id() != null && (is(a.name(), name) || is(a.email(), name))) {
                    labels.putIfAbsent(a.id(), a.name() != null ? a.name() : a.email());
                }
            } else {
                if (e.target() != null && e.target().id() != null && is(e.target().name(), name)) {
                    labels.putIfAbsent(e.target().id(), e.target().name());
                }
                for (Concern c : e.concerns()) {
                    if (c.id() != null && is(c.name(), name)) labels.putIfAbsent(c.id(), c.name());
                }
            }
        }
        return labels;
    }

    private static boolean is(String value, String name) {
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals(name);
    }
}
