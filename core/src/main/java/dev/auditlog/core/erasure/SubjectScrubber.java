package dev.auditlog.core.erasure;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Removes one person from entries' personal fields. Used in two passes: {@link #learn} every entry that carries
 * their id as actor, target or concern (it learns nothing from any other) to collect what the log attributes to the
 * person (their names, e-mail addresses and IP addresses, see
 * {@link SubjectIdentifiers}); then {@link #scrub} every entry.
 *
 * <p>Scrubbing replaces, in the personal fields only: the subject's own name fields by the pseudonym, their
 * e-mail and IP fields by nothing, other people's name and e-mail fields only where they are, as a whole, one of
 * the subject's, and every other whole-token occurrence of a learned name, e-mail or IP (in descriptions, user
 * agents, target names, and the strings and member names of {@code changes} and {@code metadata}) by the
 * pseudonym ({@link Occurrences}; in entries not about the subject, a one-word name only as the whole of a field that
 * names a person: a name, or a member such as {@code assignee}, never a status, role or country that is the same word). An
 * entry is about the subject when its actor, target or a concern has their id, or when its text names them
 * otherwise (an e-mail address, an IP address or a full name of theirs): then their one-word names go from it too. A scrubbed entry keeps its leaf hash: it drops its
 * salt and carries the commitment to its original personal fields instead (see {@link LeafEncoding}).
 *
 * <p>The target's URL and the idempotency key are personal fields of entries in leaf encoding version 2 and are
 * scrubbed as text there (the URL's percent-encoded parts too); an older entry's leaf hashes them directly, and they
 * stay. What it cannot touch: the non-personal fields the leaf hashes directly (ids, types, action, channel, and
 * the URL and key of a version 1 entry). A client that puts an e-mail address there cannot have it erased; those
 * fields must not hold personal data (docs/GOVERNANCE.md).
 */
public final class SubjectScrubber {
    private final String subjectId;
    private final String pseudonym;
    private final SubjectIdentifiers identifiers;
    /** Built from what was learned at the first scrub; the two differ only in the tokens of free text they replace. */
    private Occurrences everywhere;
    private Occurrences inOwnEntries;

    public SubjectScrubber(String subjectId, String pseudonym) {
        this.subjectId = subjectId;
        this.pseudonym = pseudonym;
        this.identifiers = new SubjectIdentifiers(subjectId);
    }

    /** Pass one: notes what an entry attributes to the subject. */
    public void learn(Entry entry) {
        identifiers.learn(entry.event());
        everywhere = null;
    }

    /** Pass two: the entry with the subject removed, or empty when it holds nothing of theirs. */
    public Optional<Entry> scrub(Entry entry) {
        if (everywhere == null) {
            everywhere = Occurrences.everywhere(identifiers.texts(), identifiers.ips(), pseudonym);
            inOwnEntries = Occurrences.inOwnEntries(identifiers.texts(), identifiers.ips(), pseudonym);
        }
        Event e = entry.event();
        boolean urlAndKey = LeafEncoding.urlAndKeyArePersonal(entry.leafVersion());
        boolean about = isAbout(e);
        Event scrubbed = scrubbed(e, urlAndKey, about ? inOwnEntries : everywhere);
        if (scrubbed.equals(e)) return Optional.empty(); // most entries: then it does not mention them either
        if (!about && mentions(e, urlAndKey)) scrubbed = scrubbed(e, urlAndKey, inOwnEntries);
        Entry erased = new Entry(entry.tenant(), entry.id(), entry.seq(), entry.recordedAt(), scrubbed, null,
                LeafEncoding.personalCommitment(entry), entry.leafHash(), entry.leafVersion());
        if (!Arrays.equals(LeafEncoding.leafHash(erased), entry.leafHash())) {
            throw new IllegalStateException("erasing entry " + entry.id() + " would change its leaf hash");
        }
        return Optional.of(erased);
    }

    /** @param urlAndKey whether the target's URL and the idempotency key are personal fields of the entry */
    private Event scrubbed(Event e, boolean urlAndKey, Occurrences found) {
        return new Event(e.action(), e.event(), e.channel(), found.replaceInText(e.description()),
                e.occurredAt(), actor(e.actor()), target(e.target(), urlAndKey, found), concerns(e.concerns()), ip(e),
                found.replaceInText(e.userAgent()), e.status(), ScrubbedJson.of(e.changes(), found::replaceInText, found::replace),
                ScrubbedJson.of(e.metadata(), found::replaceInText, found::replace),
                urlAndKey ? found.replaceInKey(e.idempotencyKey()) : e.idempotencyKey());
    }

    /**
     * Whether the entry's text names the subject without their id (their e-mail address, an IP address of theirs or
     * a full name in its description, user agent, target name, changes or metadata, and where these are personal, its
     * target's URL or idempotency key): it is about them all the same.
     */
    private boolean mentions(Event e, boolean urlAndKey) {
        if (everywhere.mentions(e.description()) || everywhere.mentions(e.userAgent())
                || (e.target() != null && everywhere.mentions(e.target().name()))) {
            return true;
        }
        if (urlAndKey && (everywhere.mentionsInKey(e.idempotencyKey())
                || (e.target() != null && everywhere.mentionsInUrl(e.target().url())))) {
            return true;
        }
        boolean[] found = {false};
        UnaryOperator<String> look = text -> {
            found[0] |= everywhere.mentions(text);
            return text;
        };
        ScrubbedJson.of(e.changes(), look);
        ScrubbedJson.of(e.metadata(), look);
        return found[0];
    }

    private boolean isAbout(Event e) {
        return isSubject(e.actor()) || isSubject(e.target()) || e.concerns().stream().anyMatch(c -> subjectId.equals(c.id()));
    }

    private boolean isSubject(Actor a) {
        return a != null && subjectId.equals(a.id());
    }

    private boolean isSubject(Target t) {
        return t != null && subjectId.equals(t.id());
    }

    /** The entry's IP address, unless it is the subject's: as actor, or sharing their address (a NAT). */
    private String ip(Event e) {
        return isSubject(e.actor()) || everywhere.isWhole(e.ip()) ? null : e.ip();
    }

    /**
     * Another actor's name and e-mail are that person's own: they go only when they are, as a whole, one of the
     * subject's (the subject under another id). A token of them is not the subject's: erasing "Ann" leaves "Ann Lee"
     * and ann.lee@example.com, which name someone else.
     */
    private Actor actor(Actor a) {
        if (a == null) return null;
        if (isSubject(a)) return new Actor(a.type(), a.id(), a.name() == null ? null : pseudonym, null);
        return new Actor(a.type(), a.id(), everywhere.isWhole(a.name()) ? pseudonym : a.name(),
                everywhere.isWhole(a.email()) ? null : a.email());
    }

    private Target target(Target t, boolean urlAndKey, Occurrences found) {
        if (t == null) return null;
        return new Target(t.type(), t.id(), isSubject(t) && t.name() != null ? pseudonym : found.replace(t.name()),
                urlAndKey ? found.replaceInUrl(t.url()) : t.url());
    }

    /** A concern is a person: another one's name goes only as a whole, as another actor's does. */
    private List<Concern> concerns(List<Concern> concerns) {
        return concerns.stream().map(c -> new Concern(c.type(), c.id(),
                c.name() != null && (subjectId.equals(c.id()) || everywhere.isWhole(c.name())) ? pseudonym : c.name())).toList();
    }
}
