package dev.auditlog.server.internal.http;

import dev.auditlog.core.store.StoreException;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.util.Set;

/**
 * Recognises a failure that only means the client went away: a download cancelled, a tab closed, a proxy that
 * gave up. Helidon reports it as a {@link CloseConnectionException} where it notices first, but when the broken pipe
 * surfaces through an output stream's close or a library that wraps it, it arrives as some other exception with
 * the socket error underneath. A client that closes its end before the whole body it announced was sent leaves the
 * body's reader at the end of the stream, which Helidon reports as {@link DataReader.InsufficientDataAvailableException}.
 *
 * <p>A {@link StoreException} never means that, whatever lies under it: the PostgreSQL store talks to its database
 * over a socket of its own, and when the database goes away its driver fails with the same "Connection reset" (or an
 * {@link java.io.EOFException} without a message). Taken for the client's, that failure cut the connection without an
 * answer, where the client is owed the store's 503.
 */
final class ClientGone {
    /** What the JDK says for EPIPE and ECONNRESET on the client's connection. */
    private static final Set<String> SOCKET_GONE = Set.of("Broken pipe", "Connection reset", "Connection reset by peer");

    private ClientGone() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException) return false;
            if (t instanceof CloseConnectionException || t instanceof DataReader.InsufficientDataAvailableException
                    || (t instanceof IOException && isSocketGone(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** Set.of's sets refuse to be asked about null, and many I/O failures carry no message. */
    private static boolean isSocketGone(String message) {
        return message != null && SOCKET_GONE.contains(message);
    }
}
