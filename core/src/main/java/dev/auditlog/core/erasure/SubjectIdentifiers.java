package dev.auditlog.core.erasure;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Target;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the log itself holds about one subject: every name, e-mail address and IP address that an entry
 * attributes to them. Nothing else can be known — the log has no directory of people.
 *
 * <p>Why attribution by role and not "everything in an entry that mentions them": those entries also name
 * other people (the colleague who assigned a ticket to the subject, their e-mail and IP), who must not be
 * erased with the subject. An entry attributes to the subject:
 * <ul>
 *   <li>as actor: the actor's name and e-mail address and the entry's IP address;</li>
 *   <li>as target or concern: that target's or concern's name;</li>
 * </ul>
 */
final class SubjectIdentifiers {
    private final String subjectId;
    private final String pseudonym;
    private final Set<String> texts = new LinkedHashSet<>();
    private final Set<String> ips = new LinkedHashSet<>();

    SubjectIdentifiers(String subjectId, String pseudonym) {
        this.subjectId = subjectId;
        this.pseudonym = pseudonym;
    }

    void learn(Event e) {
        Actor actor = e.actor();
        if (actor != null && subjectId.equals(actor.id())) {
            text(actor.name());
            text(actor.email());
            ip(e.ip());
        }
        Target target = e.target();
        if (target != null && subjectId.equals(target.id())) text(target.name());
        for (Concern c : e.concerns()) {
            if (subjectId.equals(c.id())) text(c.name());
        }
    }

    /** The subject's names and e-mail addresses learned so far. */
    Set<String> texts() {
        return texts;
    }

    /** The subject's IP addresses learned so far, in canonical form. */
    Set<String> ips() {
        return ips;
    }

    private void text(String value) {
        if (value != null && !value.isBlank() && !value.equals(pseudonym)) texts.add(value);
    }

    private void ip(String value) {
        String canonical = IpAddresses.canonical(value);
        if (canonical != null) ips.add(canonical);
    }
}
