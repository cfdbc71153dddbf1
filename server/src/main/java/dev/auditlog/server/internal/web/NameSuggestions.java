package dev.auditlog.server.internal.web;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the Actor and Concerns filters suggest as one types: ids, each labelled with the name (and an actor's e-mail
 * address) the log gives it. The filters take ids (CONTRACT §4), while an administrator looks for "Grace Hopper"; the
 * browser matches what is typed against the labels too, so picking her fills in her id. The names come from the
 * newest {@value #RECENT} entries, the people and records one most likely looks for, read afresh for each page: a list
 * kept for a while would go on offering a name a GDPR erasure has just replaced.
 *
 * @param actors   the actors' ids, newest first, each once
 * @param concerns the ids of targets and concerned people or records (what the Concerns filter matches), newest first
 */
public record NameSuggestions(List<Suggestion> actors, List<Suggestion> concerns) {
    static final int RECENT = 500;
    static final NameSuggestions NONE = new NameSuggestions(List.of(), List.of());

    /** An id and what the log calls it. */
    public record Suggestion(String id, String label) {
    }

    static NameSuggestions of(NewestEntries newest) {
        Map<String, String> actors = new LinkedHashMap<>();
        Map<String, String> concerns = new LinkedHashMap<>();
        for (Entry entry : newest.upTo(RECENT)) {
            Event e = entry.event();
            Actor actor = e.actor();
            if (actor != null && actor.id() != null && !actor.isSystem()) {
                actors.putIfAbsent(actor.id(), label(actor.name(), actor.email()));
            }
            Target target = e.target();
            Stream<Concern> concerned = target == null ? e.concerns().stream()
                    : Stream.concat(Stream.of(new Concern(target.type(), target.id(), target.name())), e.concerns().stream());
            concerned.filter(c -> c.id() != null).forEach(c -> concerns.putIfAbsent(c.id(), label(c.name(), c.type())));
        }
        return new NameSuggestions(suggestions(actors), suggestions(concerns));
    }

    private static String label(String name, String detail) {
        if (name == null) return detail == null ? "" : detail;
        return detail == null ? name : name + " (" + detail + ")";
    }

    private static List<Suggestion> suggestions(Map<String, String> labels) {
        return labels.entrySet().stream().map(l -> new Suggestion(l.getKey(), l.getValue())).toList();
    }
}
