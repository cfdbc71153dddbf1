package dev.auditlog.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventValidationException;
import dev.auditlog.core.event.FieldError;
import dev.auditlog.core.event.PayloadTooLargeException;
import dev.auditlog.core.files.FileProblems;
import dev.auditlog.core.store.FailureFlood;
import dev.auditlog.core.store.RootCause;
import dev.auditlog.core.store.InvalidQueryException;
import dev.auditlog.core.store.StoreException;
import dev.auditlog.core.store.UnknownTenantException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into RFC 9457 problem documents. Known exceptions map to their 4xx;
 * anything else is logged here and answered 500 without detail, so no stack trace or internal message
 * ever reaches a client.
 *
 * <p>A store that cannot answer ({@link StoreException}: a full disk, a database that went away, reads waiting for
 * a database behind its journal) is a 503 with {@code Retry-After}, saying what the store reported and that a retry
 * is safe with idempotency keys: the client can do something about it, and it is not a bug of the server. Such
 * failures come in floods (every request fails alike while the disk is full): the log gets them through a
 * {@link FailureFlood}.
 */
public final class ProblemResponses {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final FailureFlood STORE_FAILURES = new FailureFlood(LOG, 30_000);

    private ProblemResponses() {
    }

    /** Answers the failure, unless the response is already on its way (a broken stream can only be cut). */
    public static void handle(ServerRequest req, ServerResponse res, Throwable failure) {
        ApiProblem problem = toProblem(failure, isAppend(req));
        if (res.isSent()) {
            LOG.warn("Failure after the response had started: {}", failure.toString());
            return;
        }
        send(res, problem);
    }

    public static void send(ServerResponse res, ApiProblem problem) {
        if (problem.status() == 401) res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        res.headers().remove(HeaderNames.CONTENT_DISPOSITION); // set for a download that failed before its first byte
        if (problem.status() == 503) res.header(HeaderNames.RETRY_AFTER, "5");
        if (problem.endsConnection()) res.header(HeaderValues.CONNECTION_CLOSE);
        Json.send(res, problem.status(), MEDIA_TYPE, document(problem));
    }

    /** The RFC 9457 document of a problem; also what {@link TransportProblems} sends for requests never routed. */
    static ObjectNode document(ApiProblem problem) {
        ObjectNode body = Json.object();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (FieldError e : problem.errors()) {
                errors.addObject().put("pointer", e.pointer()).put("detail", e.detail());
            }
        }
        return body;
    }

    /** An ingest request, whose client may retry a 503 with the same idempotency key: its 503 says that this is safe. */
    private static boolean isAppend(ServerRequest req) {
        return req.prologue().method() == Method.POST && req.path().path().endsWith("/events");
    }

    /** @param append whether the failed request was an append (ingest) */
    static ApiProblem toProblem(Throwable failure, boolean append) {
        return switch (failure) {
            case ApiProblem p -> p;
            case EventValidationException e -> new ApiProblem(400, "Bad Request", e.getMessage(), e.errors());
            case PayloadTooLargeException e -> new ApiProblem(413, "Payload Too Large", e.getMessage(), List.of(e.error()));
            case InvalidQueryException e -> new ApiProblem(400, "Bad Request", e.getMessage(),
                    List.of(new FieldError("/query/" + e.parameter(), e.getMessage())));
            case UnknownTenantException e -> ApiProblem.notFound("no such tenant");
            case StoreException e -> {
                STORE_FAILURES.error(e, "The store could not answer");
                yield new ApiProblem(503, "Service Unavailable", "the store could not answer (" + cause(e) + "); try again later"
                        + (append ? " (an append retried with the same idempotency key is never stored twice)" : ""));
            }
            default -> {
                LOG.error("Unexpected failure", failure);
                yield new ApiProblem(500, "Internal Server Error", "the server failed to answer; the failure was logged");
            }
        };
    }

    /**
     * The store's message, and what the root cause says when that is a failure of the machine ("no space left on device",
     * "permission denied", {@link FileProblems}): a database's own messages may quote its queries, which are the
     * server's business, not the client's.
     */
    private static String cause(StoreException e) {
        return RootCause.of(e) instanceof IOException root ? e.getMessage() + ": " + FileProblems.describe(root) : e.getMessage();
    }
}
