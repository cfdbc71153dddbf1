package dev.auditlog.server.internal.http;

import dev.auditlog.core.store.RootCause;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the route table with Helidon. Every route is wrapped so that it is timed and counted by its
 * path pattern, runs with its {@link RequestOrigin}, and so that a client that went away ends its request quietly; a catch-all behind them answers
 * 405 (with {@code Allow}) when the path exists under another method and 404 otherwise, both as problem
 * documents rather than Helidon's plain text.
 *
 * <p>Once the server is stopping ({@link #stopping}), every response says {@code Connection: close}. A request still in
 * flight is finished, but a keep-alive answer would invite the client to send its next request on a connection the
 * server is about to close unanswered, and the client could not tell whether that request was taken; told to close, it
 * opens a new connection, which is refused at once (or reaches another instance).
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String UNMATCHED = "unmatched";

    private final List<Route> routes;
    private final HttpMetrics metrics;
    private final Map<Route, PathMatcher> matchers;
    private volatile boolean stopping;

    public Router(List<Route> routes, HttpMetrics metrics) {
        this.routes = List.copyOf(routes);
        this.metrics = metrics;
        this.matchers = routes.stream().collect(Collectors.toMap(r -> r, r -> PathMatchers.create(r.path())));
    }

    public void register(HttpRouting.Builder routing) {
        for (Route route : routes) {
            routing.route(route.method(), route.path(), measured(route.path(), route.handler()));
        }
        routing.any(measured(UNMATCHED, this::unmatched));
        routing.error(Throwable.class, ProblemResponses::handle);
    }

    /** From now on every response closes its connection: the server is stopping. */
    public void stopping() {
        stopping = true;
    }

    private Handler measured(String pattern, Handler handler) {
        return (req, res) -> {
            long start = System.nanoTime();
            Method method = req.prologue().method();
            res.beforeSend(() -> {
                if (stopping) res.header(HeaderValues.CONNECTION_CLOSE);
            });
            res.whenSent(() -> metrics.request(method.text(), pattern, res.status().code(), System.nanoTime() - start));
            try {
                RequestOrigin.during(req, () -> handler.handle(req, res));
            } catch (RuntimeException e) {
                if (!ClientGone.causedBy(e)) throw e;
                quietlyClose(method.text() + " " + pattern, e);
            }
        };
    }

    /**
     * A client that went away mid-response (a cancelled export) is routine, not a server fault: one line, no stack
     * trace. Helidon would log a warning with the whole trace, since it cannot reset a response already under way;
     * a {@link CloseConnectionException} is its signal to just close the connection. Failures of the server itself
     * still reach Helidon and the error handler as they are.
     */
    private static void quietlyClose(String operation, RuntimeException e) {
        LOG.debug("{}: the client went away ({})", operation, RootCause.of(e).toString());
        throw new CloseConnectionException("the client went away", e);
    }

    private void unmatched(ServerRequest req, ServerResponse res) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (matchers.get(route).match(req.path()).accepted()) allowed.add(route.method().text());
        }
        if (allowed.isEmpty()) {
            throw ApiProblem.notFound("no such resource: " + req.path().path());
        }
        res.header(HeaderNames.ALLOW, String.join(", ", allowed));
        throw new ApiProblem(405, "Method Not Allowed",
                req.prologue().method().text() + " is not allowed here; allowed: " + String.join(", ", allowed));
    }
}
