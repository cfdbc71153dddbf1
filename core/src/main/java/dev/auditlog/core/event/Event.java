package dev.auditlog.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One validated event as a client sent it (CONTRACT §4), before the log gives it a place.
 * Optional parts are null; {@code event}, {@code channel} and {@code status} always carry their defaults.
 * {@code changes} and {@code metadata} are JSON objects (or null).
 */
public record Event(
        String action,
        EventType event,
        String channel,
        String description,
        Instant occurredAt,
        Actor actor,
        Target target,
        List<Concern> concerns,
        String ip,
        String userAgent,
        String status,
        JsonNode changes,
        JsonNode metadata,
        String idempotencyKey) {

    public static final String DEFAULT_CHANNEL = "default";
    public static final String SUCCESS = "success";
    public static final String ERROR = "error";
    /** Every status an event may have: ingest accepts these, and the {@code status} filter. */
    public static final List<String> STATUSES = List.of(SUCCESS, ERROR);

    /**
     * What an action may be. Public because the query's {@code action} filter is checked against the same rule:
     * a value no event can carry is a mistake the caller should hear about, not an empty page.
     */
    public static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    /** {@link #ACTION} in words, for error messages. */
    public static final String ACTION_RULE = "1 to 100 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'";
    /** What a channel may be; the query's {@code channel} filter is checked against it too. */
    public static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    /** {@link #CHANNEL} as a pattern and in words, for error messages. */
    public static final String CHANNEL_RULE = CHANNEL.pattern()
            + ": 1 to 64 lowercase letters, digits, '_', '.' or '-', the first a letter or digit";
    /** The most characters (code points) an id, name or type of an actor, target or concern may have. */
    public static final int MAX_PARTY_FIELD = 500;
    /** The most characters (code points) a URL may have: a target's, and a webhook archive's. */
    public static final int MAX_URL = 2048;
    /**
     * How the idempotency key of every entry Auditlog writes itself begins (exports, settings and key changes, sign-ins,
     * erasures, prunes). Ingest refuses a key that begins so, in any case, so an API key cannot append an entry that
     * passes for one of Auditlog's; and the key is covered by the leaf hash, so no later edit can either.
     */
    public static final String AUDITLOG_KEY_PREFIX = "auditlog-";
    /**
     * The keys Auditlog mints for one append that nobody sends again (a sign-in's entry, an export's): random, so no
     * earlier entry holds one, and a store need not look for it. Looking cost a read per tenant of the batch; a sign-in
     * recorded in 800 tenants held the writer, and every tenant's appends, for over a second.
     */
    public static final String SINGLE_USE_KEY_PREFIX = AUDITLOG_KEY_PREFIX + "once-";

    public Event {
        concerns = concerns == null ? List.of() : List.copyOf(concerns);
    }

    /** This event with {@code key} as its idempotency key. */
    public Event withIdempotencyKey(String key) {
        return new Event(action, event, channel, description, occurredAt, actor, target, concerns, ip, userAgent, status, changes,
                metadata, key);
    }

    /** Whether an earlier entry may hold this event's idempotency key: not when it has none, or a single-use one. */
    public boolean keyMayRepeat() {
        return idempotencyKey != null && !idempotencyKey.startsWith(SINGLE_USE_KEY_PREFIX);
    }

    /** Whether Auditlog wrote this event itself ({@link #AUDITLOG_KEY_PREFIX}). */
    public boolean writtenByAuditlog() {
        return idempotencyKey != null && idempotencyKey.startsWith(AUDITLOG_KEY_PREFIX);
    }

    /** True when the system itself acted: no actor, or an actor of type {@code system}. */
    public boolean bySystem() {
        return actor == null || actor.isSystem();
    }
}
