package dev.auditlog.server.internal.http;

import dev.auditlog.core.event.IpAddresses;
import dev.auditlog.core.event.Text;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Where the request the current thread serves came from: the client's address and user agent. The entries the
 * server writes on a caller's behalf (settings and key changes, exports, erasures, web user changes) carry them, as
 * an ingested event's {@code ip} and {@code user_agent} say where its action came from: "who did what from where"
 * matters most for the actions that change who may see the log.
 *
 * <p>Why a thread-bound value rather than a parameter: those entries are written deep inside a dozen handlers,
 * each of which would otherwise pass the request along only for this. Helidon serves each request on one (virtual)
 * thread from the first handler to the last, and {@link Router} sets the origin around every route, so what a
 * handler records on its own thread names its own request; work on other threads (the daily prune, archive
 * delivery) has none, and its entries carry no address, as the system's should not.
 */
public final class RequestOrigin {
    /** A user agent longer than ingest accepts for {@code user_agent} is cut to that length. */
    static final int MAX_USER_AGENT = 1_000;

    /** The client address in the canonical form entries keep, and its user agent; either may be null. */
    public record Origin(String ip, String userAgent) {
    }

    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    private RequestOrigin() {
    }

    /** The origin of the request this thread serves, if it serves one. */
    public static Optional<Origin> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The peer's address in the canonical form entries keep ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), so that {@code ip=} finds it. */
    static String clientIp(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        return peer instanceof InetSocketAddress a && a.getAddress() != null ? canonical(a.getAddress()) : null;
    }

    /** An address as entries and the pages show it: canonical, or as the JDK writes it for an IPv6 address with a zone (fe80::1%eth0). */
    public static String canonical(InetAddress address) {
        String text = address.getHostAddress();
        String canonical = IpAddresses.canonical(text);
        return canonical != null ? canonical : text;
    }

    /** Runs {@code work} with the origin of {@code req} as the current one. */
    static void during(ServerRequest req, ThrowingRunnable work) throws Exception {
        Origin previous = CURRENT.get();
        CURRENT.set(new Origin(clientIp(req), userAgent(req)));
        try {
            work.run();
        } finally {
            if (previous == null) CURRENT.remove();
            else CURRENT.set(previous);
        }
    }

    /** The User-Agent header as an entry may hold it: cut to ingest's limit, dropped if it holds what an entry may not. */
    private static String userAgent(ServerRequest req) {
        String value = req.headers().first(HeaderNames.USER_AGENT).map(String::strip).orElse("");
        if (value.isEmpty()) return null;
        if (Text.length(value) > MAX_USER_AGENT) value = value.substring(0, value.offsetByCodePoints(0, MAX_USER_AGENT));
        return Text.problem(value, false) == null ? value : null;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
