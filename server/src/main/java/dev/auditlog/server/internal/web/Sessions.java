package dev.auditlog.server.internal.web;

import dev.auditlog.server.internal.auth.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side web sessions, held in memory: a restart signs everyone out, and a second server process
 * would not see them. Acceptable for one self-hosted process; a shared store comes with clustering.
 * Ids are 256 random bits, so they cannot be guessed; the cookie carries only the id.
 */
final class Sessions {
    /** Absolute lifetime: a stolen cookie is useful for a working day at most. */
    static final Duration LIFETIME = Duration.ofHours(8);

    /** One signed-in browser. {@code csrf} is the token every form of this session must echo. */
    record Session(String id, String user, String csrf, Instant expiresAt) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, String> notices = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    Session create(String user) {
        Instant now = clock.instant();
        byId.values().removeIf(s -> s.expiresAt().isBefore(now));
        notices.keySet().retainAll(byId.keySet());
        Session session = new Session(Secrets.base64Url(32), user, Secrets.base64Url(32), now.plus(LIFETIME));
        byId.put(session.id(), session);
        return session;
    }

    Optional<Session> find(String id) {
        Session s = id == null ? null : byId.get(id);
        if (s == null) return Optional.empty();
        if (s.expiresAt().isBefore(clock.instant())) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void end(String id) {
        byId.remove(id);
        notices.remove(id);
    }

    /**
     * Keeps a status notice for the session's next page after a form (post/redirect/get). Held here rather
     * than put in the redirect's URL, so that a link cannot make a page show text of its author's choosing as
     * an official notice.
     */
    void notice(String id, String text) {
        notices.put(id, text);
    }

    /** The notice kept for the session, once. */
    Optional<String> takeNotice(String id) {
        return Optional.ofNullable(notices.remove(id));
    }
}
