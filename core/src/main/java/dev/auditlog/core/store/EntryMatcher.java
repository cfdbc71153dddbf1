package dev.auditlog.core.store;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Concern;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.Target;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether one entry is among those an {@link EntryQuery}'s filters choose, decided in memory exactly as the stores'
 * WHERE clause ({@link FilterSql}) decides it in the database; the conformance suite holds both to the same answers.
 * The offline verifier needs it: a filtered export proves that its entries are in the signed tree and signs how
 * many its filters chose, but an entry the filters left out could stand in for one they chose, deleted, unless each
 * entry is seen to be one the filters choose. Paging ({@code beforeSeq}) is no filter and is not looked at.
 */
public final class EntryMatcher implements Predicate<Entry> {
    private final EntryQuery query;
    /** {@code q} as the search compares it, in each spelling it looks for; null without {@code q}. */
    private final List<String> needles;

    public EntryMatcher(EntryQuery query) {
        this.query = query;
        this.needles = query.q() == null ? null : SearchText.spellings(query.q());
    }

    @Override
    public boolean test(Entry entry) {
        Event e = entry.event();
        Actor actor = e.actor();
        Target target = e.target();
        return (needles == null || described(e.description()))
                && (query.event() == null || query.event() == e.event())
                && is(query.action(), e.action())
                && is(query.channel(), e.channel())
                && (query.actor() == null || actedBy(actor))
                && (query.actorType() == null || ofActorType(actor))
                && is(query.targetType(), target == null ? null : target.type())
                && is(query.targetId(), target == null ? null : target.id())
                && (query.concerns() == null || concerns(target, e.concerns()))
                && is(query.status(), e.status())
                && is(query.ip(), e.ip())
                && (query.from() == null || entry.recordedAt().toEpochMilli() >= FilterSql.firstMilliAtOrAfter(query.from()))
                && (query.to() == null || entry.recordedAt().toEpochMilli() <= query.to().toEpochMilli());
    }

    private static boolean is(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }

    private boolean described(String description) {
        if (description == null) return false;
        String lowered = SearchText.lowered(description);
        return needles.stream().anyMatch(needle -> SearchText.contains(lowered, needle));
    }

    /** As {@link FilterSql}: {@code system} finds no actor, a system actor, and an actor whose id is "system". */
    private boolean actedBy(Actor actor) {
        if (!EntryQuery.SYSTEM_ACTOR.equals(query.actor())) return actor != null && query.actor().equals(actor.id());
        return noActor(actor) || actor.isSystem() || EntryQuery.SYSTEM_ACTOR.equals(actor.id());
    }

    private boolean ofActorType(Actor actor) {
        if (Actor.SYSTEM.equals(query.actorType())) return noActor(actor) || actor.isSystem();
        return actor != null && query.actorType().equals(actor.type());
    }

    /** The system itself acted (CONTRACT §4): no actor, or one with neither type nor id. */
    private static boolean noActor(Actor actor) {
        return actor == null || actor.type() == null && actor.id() == null;
    }

    private boolean concerns(Target target, List<Concern> concerns) {
        return target != null && query.concerns().equals(target.id())
                || concerns.stream().anyMatch(c -> Objects.equals(query.concerns(), c.id()));
    }
}
