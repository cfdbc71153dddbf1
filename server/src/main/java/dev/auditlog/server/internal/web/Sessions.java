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

    /** A status notice for the session's next page, with the secret it hands over once (a new API key's), or null. */
    record Notice(String text, String secret) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Notice> notices = new ConcurrentHashMap<>();
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

    /** Ends every session of {@code user} but {@code keep} (null: all of them), as a password change must. */
    void endAllOf(String user, String keep) {
        byId.values().removeIf(s -> s.user().equals(user) && !s.id().equals(keep));
        notices.keySet().retainAll(byId.keySet());
    }

    /**
     * Ends every session of {@code current}'s user, {@code current} included, and opens one in its place for the same
     * browser, with a fresh id and CSRF token but the same expiry: after a password change, whoever held any of the
     * user's session ids is out, and a password change does not lengthen a session.
     */
    Session replaceAllOf(Session current) {
        endAllOf(current.user(), null);
        Session fresh = new Session(Secrets.base64Url(32), current.user(), Secrets.base64Url(32), current.expiresAt());
        byId.put(fresh.id(), fresh);
        return fresh;
    }

    /** What is left of the session's lifetime, for its cookie's Max-Age. */
    long secondsLeft(Session session) {
        return Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
    }

    /**
     * Keeps a status notice for the session's next page after a form (post/redirect/get). Held here rather
     * than put in the redirect's URL, so that a link cannot make a page show text of its author's choosing as
     * an official notice.
     */
    void notice(String id, String text) {
        notice(id, text, null);
    }

    /**
     * The same, with a secret the next page shows once: a form that creates one redirects like any other, so a
     * reload neither repeats it nor shows the secret again, and the secret never appears in a URL or the history.
     * It stays in memory only until that page takes it, or the session ends.
     */
    void notice(String id, String text, String secret) {
        notices.put(id, new Notice(text, secret));
    }

    /** The notice kept for the session, once. */
    Optional<Notice> takeNotice(String id) {
        return Optional.ofNullable(notices.remove(id));
    }
}
