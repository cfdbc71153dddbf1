package dev.auditlog.core.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Target;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

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
 *   <li>as target (or as actor of an entry without target, changing their own record): the values of the
 *       {@code changes} members that are plainly a name, e-mail address or IP address of the record, such as
 *       {@code {"email": {"old": "ada.old@example.com", "new": …}}}. Only such members count: other members
 *       ({@code manager_email}, {@code assignee}) describe other people.</li>
 * </ul>
 */
final class SubjectIdentifiers {
    /** Member names of {@code changes} (lower case, without '-', '_' and spaces) that hold a name or e-mail. */
    private static final Set<String> TEXT_MEMBERS = Set.of("name", "fullname", "displayname", "email", "emailaddress", "mail");
    /** Member names of {@code changes}, written as {@link #TEXT_MEMBERS}, that hold an IP address. */
    private static final Set<String> IP_MEMBERS = Set.of("ip", "ipaddress");
    /** A member name whose last word is "by": {@code by}, {@code approved_by}, {@code approved-by}, {@code approvedBy}. */
    private static final Pattern BY_SOMEONE = Pattern.compile("(?:(?:^|[_\\- ])(?i:by)|\\p{Ll}By)(?:[_\\- ]?(?i:name))?$");
    /**
     * Member names, written as {@link #TEXT_MEMBERS}, whose value is a person: a record's own name, and the people a
     * record is assigned to, owned, written, asked for or approved by. Each also counts with "name" after it
     * ({@code owner_name}), and so does every member whose last word is "by" ({@link #BY_SOMEONE}: {@code approved_by},
     * {@code performedBy}, not {@code hobby}).
     */
    private static final Set<String> PERSON_MEMBERS = Set.of("name", "fullname", "displayname", "firstname", "lastname", "givenname",
            "familyname", "middlename", "surname", "nickname", "username",
            "user", "owner", "assignee", "assignedto", "author", "creator", "requester", "approver", "reviewer", "manager", "member",
            "contact", "recipient", "sender");

    private final String subjectId;
    private final Set<String> texts = new LinkedHashSet<>();
    private final Set<String> ips = new LinkedHashSet<>();

    SubjectIdentifiers(String subjectId) {
        this.subjectId = subjectId;
    }

    void learn(Event e) {
        Actor actor = e.actor();
        boolean acts = actor != null && subjectId.equals(actor.id());
        if (acts) {
            text(actor.name());
            text(actor.email());
            ip(e.ip());
        }
        Target target = e.target();
        boolean targeted = target != null && subjectId.equals(target.id());
        if (targeted) text(target.name());
        for (Concern c : e.concerns()) {
            if (subjectId.equals(c.id())) text(c.name());
        }
        if (targeted || acts && target == null) recordChanges(e.changes());
    }

    /** The subject's names and e-mail addresses learned so far. */
    Set<String> texts() {
        return texts;
    }

    /** The subject's IP addresses learned so far, in canonical form. */
    Set<String> ips() {
        return ips;
    }

    /**
     * Whether a member of {@code changes} or {@code metadata} holds a person ({@link #PERSON_MEMBERS}): where a one-word
     * name of the subject, as the whole value, is taken for them even in an entry not about them. In any other member
     * it is a word ("Jordan" the country, "Admin" the role, "sent" the status) and stays.
     */
    static boolean namesAPerson(String memberName) {
        String kind = kind(memberName);
        String before = kind.endsWith("name") ? kind.substring(0, kind.length() - 4) : kind;
        return PERSON_MEMBERS.contains(kind) || PERSON_MEMBERS.contains(before) || BY_SOMEONE.matcher(memberName).find();
    }

    private static String kind(String memberName) {
        return memberName.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
    }

    private void recordChanges(JsonNode changes) {
        if (changes == null || !changes.isObject()) return;
        for (Map.Entry<String, JsonNode> member : changes.properties()) {
            String kind = kind(member.getKey());
            if (TEXT_MEMBERS.contains(kind)) strings(member.getValue(), this::text);
            else if (IP_MEMBERS.contains(kind)) strings(member.getValue(), this::ip);
        }
    }

    /** Every string in the value: itself, or those in its old/new object or array, however nested. */
    private static void strings(JsonNode node, Consumer<String> sink) {
        if (node.isTextual()) sink.accept(node.textValue());
        else node.forEach(child -> strings(child, sink));
    }

    private void text(String value) {
        // Never a pseudonym, this subject's or another's: an earlier erasure of someone of the same name wrote theirs here.
        if (value != null && !value.isBlank() && !Pseudonyms.is(value)) texts.add(value);
    }

    private void ip(String value) {
        String canonical = IpAddresses.canonical(value);
        if (canonical != null) ips.add(canonical);
    }
}
