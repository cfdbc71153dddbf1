package dev.auditlog.server.internal.http;

import dev.auditlog.core.store.RootCause;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
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
 * documents rather than Helidon's plain text. A browser's navigation to an address that is nothing gets the web
 * pages' own 404 page instead, when the router has one.
 *
 * <p>Once the server is stopping ({@link #stopping}), every response says {@code Connection: close}. A request still in
 * flight is finished, but a keep-alive answer would invite the client to send its next request on a connection the
 * server is about to close unanswered, and the client could not tell whether that request was taken; told to close, it
 * opens a new connection, which is refused at once (or reaches another instance).
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String UNMATCHED = "unmatched";
    /**
     * What every answer carries, routed or refused before routing ({@link TransportProblems}): answers hold secrets (a
     * new key) and personal data, so no cache keeps them and no browser sniffs them into HTML. A handler may say
     * otherwise (the static files are cached).
     */
    static final List<Header> EVERY_ANSWER = List.of(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"),
            HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);

    private final List<Route> routes;
    private final HttpMetrics metrics;
    private final Map<Route, PathMatcher> matchers;
    private final Handler pageNotFound;
    private volatile boolean stopping;

    /** A router whose every 404 is a problem document. */
    public Router(List<Route> routes, HttpMetrics metrics) {
        this(routes, metrics, null);
    }

    /**
     * @param pageNotFound answers a browser's navigation to an address no route matches (see {@link #navigation}), as
     *                     the web pages answer one under a tenant, rather than with JSON the browser shows raw; null for
     *                     a problem document to every client
     */
    public Router(List<Route> routes, HttpMetrics metrics, Handler pageNotFound) {
        this.routes = List.copyOf(routes);
        this.metrics = metrics;
        this.matchers = routes.stream().collect(Collectors.toMap(r -> r, r -> PathMatchers.create(r.path())));
        this.pageNotFound = pageNotFound;
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
            EVERY_ANSWER.forEach(res::header);
            res.beforeSend(() -> {
                if (stopping) res.header(HeaderValues.CONNECTION_CLOSE);
            });
            res.whenSent(() -> metrics.request(method.text(), pattern, res.status().code(), System.nanoTime() - start));
            try {
                RequestOrigin.during(req, () -> handler.handle(req, res));
            } catch (ApiProblem e) {
                if (!e.endsConnection()) throw e;
                // Answered, then closed: what follows the unreadable part of the body is no next request
                ProblemResponses.send(res, e);
                throw new CloseConnectionException("the request body could not be read to its end", e);
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

    private void unmatched(ServerRequest req, ServerResponse res) throws Exception {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (matchers.get(route).match(req.path()).accepted()) allowed.add(route.method().text());
        }
        if (allowed.isEmpty()) {
            if (pageNotFound != null && navigation(req)) {
                pageNotFound.handle(req, res);
                return;
            }
            throw ApiProblem.notFound("no such resource: " + req.path().path());
        }
        res.header(HeaderNames.ALLOW, String.join(", ", allowed));
        throw new ApiProblem(405, "Method Not Allowed",
                req.prologue().method().text() + " is not allowed here; allowed: " + String.join(", ", allowed));
    }

    /**
     * Whether a browser navigated to the address: a GET outside the API's {@code /api/} that asks for HTML by name, as
     * browsers ask for a page. API clients ask for JSON, or for any type (as curl does), and keep their problem
     * document.
     */
    private static boolean navigation(ServerRequest req) {
        return navigation(req.prologue().method().text(), req.path().path(), req.headers());
    }

    /** {@link #navigation(ServerRequest)} of a request that no route may see ({@link TransportProblems}). */
    static boolean navigation(String method, String path, Headers headers) {
        return Method.GET.text().equals(method) && !path.startsWith("/api/")
                && headers.acceptedTypes().stream().anyMatch(t -> t.type().equals("text") && t.subtype().equals("html"));
    }
}
