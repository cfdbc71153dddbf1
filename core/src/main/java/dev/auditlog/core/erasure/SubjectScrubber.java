package dev.auditlog.core.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes one person from entries' personal fields. Used in two passes: {@link #learn} every entry to
 * collect the person's names, e-mail addresses and IP addresses from the entries where their id is the
 * actor, target or a concern; then {@link #scrub} every entry.
 *
 * <p>Scrubbing replaces, in the personal fields only: the subject's own name fields by the pseudonym, their
 * e-mail and IP fields by nothing, and every other occurrence of a learned name, e-mail or IP (in
 * descriptions, user agents, other people's names, and the string values of {@code changes} and
 * {@code metadata}) by the pseudonym. A scrubbed entry keeps its leaf hash: it drops its salt and carries the
 * commitment to its original personal fields instead (see {@link LeafEncoding}).
 *
 * <p>What it cannot touch: the non-personal fields the leaf hashes directly (ids, types, target url). A
 * client that uses e-mail addresses as actor ids therefore cannot have them erased; ids must be opaque.
 */
public final class SubjectScrubber {
    /** Shorter identifiers are replaced where they are the field, never as substrings ("Al" in "Algorithm"). */
    private static final int MIN_SUBSTRING = 3;

    private final String subjectId;
    private final String pseudonym;
    private final Set<String> identifiers = new LinkedHashSet<>();
    private final Set<String> ips = new LinkedHashSet<>();
    private Pattern occurrences;

    public SubjectScrubber(String subjectId, String pseudonym) {
        this.subjectId = subjectId;
        this.pseudonym = pseudonym;
    }

    /** Pass one: notes the subject's names, e-mail and IP from an entry that concerns them. */
    public void learn(Entry entry) {
        Event e = entry.event();
        if (isSubject(e.actor())) {
            note(e.actor().name());
            note(e.actor().email());
            if (e.ip() != null) ips.add(e.ip());
            note(e.ip());
        }
        if (isSubject(e.target())) note(e.target().name());
        for (Concern c : e.concerns()) {
            if (subjectId.equals(c.id())) note(c.name());
        }
        occurrences = null;
    }

    /** Pass two: the entry with the subject removed, or empty when it holds nothing of theirs. */
    public Optional<Entry> scrub(Entry entry) {
        Event e = entry.event();
        Event scrubbed = new Event(e.action(), e.event(), e.channel(), replace(e.description()), e.occurredAt(),
                actor(e.actor()), target(e.target()), concerns(e.concerns()), ips.contains(e.ip()) || isSubject(e.actor()) ? null : e.ip(),
                replace(e.userAgent()), e.status(), replace(e.changes()), replace(e.metadata()), e.idempotencyKey());
        if (scrubbed.equals(e)) return Optional.empty();
        Entry erased = new Entry(entry.tenant(), entry.id(), entry.seq(), entry.recordedAt(), scrubbed, null,
                LeafEncoding.personalCommitment(entry), entry.leafHash());
        if (!Arrays.equals(LeafEncoding.leafHash(erased), entry.leafHash())) {
            throw new IllegalStateException("erasing entry " + entry.id() + " would change its leaf hash");
        }
        return Optional.of(erased);
    }

    private void note(String identifier) {
        if (identifier != null && !identifier.isBlank() && !identifier.equals(pseudonym)) identifiers.add(identifier);
    }

    private boolean isSubject(Actor a) {
        return a != null && subjectId.equals(a.id());
    }

    private boolean isSubject(Target t) {
        return t != null && subjectId.equals(t.id());
    }

    private Actor actor(Actor a) {
        if (a == null) return null;
        if (isSubject(a)) return new Actor(a.type(), a.id(), a.name() == null ? null : pseudonym, null);
        return new Actor(a.type(), a.id(), replace(a.name()), identifiers.contains(a.email()) ? null : replace(a.email()));
    }

    private Target target(Target t) {
        if (t == null) return null;
        return new Target(t.type(), t.id(), isSubject(t) && t.name() != null ? pseudonym : replace(t.name()), t.url());
    }

    private List<Concern> concerns(List<Concern> concerns) {
        return concerns.stream().map(c -> new Concern(c.type(), c.id(),
                subjectId.equals(c.id()) && c.name() != null ? pseudonym : replace(c.name()))).toList();
    }

    private String replace(String text) {
        if (text == null || identifiers.isEmpty()) return text;
        if (identifiers.contains(text)) return pseudonym;
        return pattern().matcher(text).replaceAll(Matcher.quoteReplacement(pseudonym));
    }

    private JsonNode replace(JsonNode node) {
        if (node == null || identifiers.isEmpty()) return node;
        if (node.isTextual()) return JsonNodeFactory.instance.textNode(replace(node.textValue()));
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(replace(item)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) out.set(field.getKey(), replace(field.getValue()));
            return out;
        }
        return node;
    }

    private Pattern pattern() {
        if (occurrences == null) {
            String alternatives = identifiers.stream().filter(s -> s.length() >= MIN_SUBSTRING)
                    .sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                    .reduce((a, b) -> a + "|" + b).orElse("(?!)");
            occurrences = Pattern.compile(alternatives, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        return occurrences;
    }
}
