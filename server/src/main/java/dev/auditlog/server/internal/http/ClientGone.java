package dev.auditlog.server.internal.http;

import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.util.Set;

/**
 * Recognises a failure that only means the client went away: a download cancelled, a tab closed, a proxy that
 * gave up. Helidon reports it as a {@link CloseConnectionException} where it notices first, but when the broken pipe
 * surfaces through an output stream's close or a library that wraps it, it arrives as some other exception with
 * the socket error underneath.
 */
final class ClientGone {
    /**
     * What the JDK says for EPIPE and ECONNRESET. No handler talks to another server while it answers, so on a
     * request's thread these are about the client's connection.
     */
    private static final Set<String> SOCKET_GONE = Set.of("Broken pipe", "Connection reset", "Connection reset by peer");

    private ClientGone() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CloseConnectionException || (t instanceof IOException && SOCKET_GONE.contains(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }
}
