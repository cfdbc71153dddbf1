package dev.auditlog.core.store;

import dev.auditlog.core.event.EventType;
import java.time.Instant;

/**
 * The filters of CONTRACT §4 "Query", already validated; null means "not filtered". All combine with AND.
 *
 * @param q          case-insensitive substring of the description
 * @param actor      actor id; {@link #SYSTEM_ACTOR} finds entries by no actor or a system actor
 * @param concerns   an id in concerns[].id or target.id
 * @param from       recorded on or after (inclusive)
 * @param to         recorded on or before (inclusive)
 * @param beforeSeq  paging position: only entries with a smaller seq (decoded from the cursor)
 * @param limit      page size
 * @param count      whether to compute the total
 */
public record EntryQuery(
        String q,
        EventType event,
        String action,
        String channel,
        String actor,
        String actorType,
        String targetType,
        String targetId,
        String concerns,
        String status,
        String ip,
        Instant from,
        Instant to,
        Long beforeSeq,
        int limit,
        boolean count) {

    public static final String SYSTEM_ACTOR = "system";
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** No filter, first page of the default size. */
    public static EntryQuery all() {
        return new EntryQuery(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, DEFAULT_LIMIT, false);
    }

    /** Entries whose actor has this id, as {@code actor=} filters. */
    public static EntryQuery byActor(String id) {
        return new EntryQuery(null, null, null, null, id, null, null, null, null, null, null,
                null, null, null, DEFAULT_LIMIT, false);
    }

    /** Entries whose target or a concern has this id, as {@code concerns=} filters. */
    public static EntryQuery concerning(String id) {
        return new EntryQuery(null, null, null, null, null, null, null, null, id, null, null,
                null, null, null, DEFAULT_LIMIT, false);
    }

    /** The same filters, starting after the given seq. */
    public EntryQuery withBeforeSeq(Long seq) {
        return new EntryQuery(q, event, action, channel, actor, actorType, targetType, targetId, concerns,
                status, ip, from, to, seq, limit, count);
    }

    public EntryQuery withLimit(int newLimit) {
        return new EntryQuery(q, event, action, channel, actor, actorType, targetType, targetId, concerns,
                status, ip, from, to, beforeSeq, newLimit, count);
    }

    public EntryQuery withCount(boolean newCount) {
        return new EntryQuery(q, event, action, channel, actor, actorType, targetType, targetId, concerns,
                status, ip, from, to, beforeSeq, limit, newCount);
    }

    /** True when any filter (not paging) is set: the page shows "Clear" then. */
    public boolean filtered() {
        return q != null || event != null || action != null || channel != null || actor != null
                || actorType != null || targetType != null || targetId != null || concerns != null
                || status != null || ip != null || from != null || to != null;
    }
}
