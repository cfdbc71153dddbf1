package dev.auditlog.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.event.EventValidationException;
import dev.auditlog.core.event.FieldError;
import dev.auditlog.core.event.PayloadTooLargeException;
import dev.auditlog.core.store.InvalidQueryException;
import dev.auditlog.core.store.UnknownTenantException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into RFC 9457 problem documents. Known exceptions map to their 4xx;
 * anything else is logged here and answered 500 without detail, so no stack trace or internal message
 * ever reaches a client.
 */
public final class ProblemResponses {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** Answers the failure, unless the response is already on its way (a broken stream can only be cut). */
    public static void handle(ServerResponse res, Throwable failure) {
        ApiProblem problem = toProblem(failure);
        if (res.isSent()) {
            LOG.warn("Failure after the response had started: {}", failure.toString());
            return;
        }
        send(res, problem);
    }

    public static void send(ServerResponse res, ApiProblem problem) {
        if (problem.status() == 401) res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
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

    static ApiProblem toProblem(Throwable failure) {
        return switch (failure) {
            case ApiProblem p -> p;
            case EventValidationException e -> new ApiProblem(400, "Invalid events", e.getMessage(), e.errors());
            case PayloadTooLargeException e -> new ApiProblem(413, "Payload Too Large", e.getMessage(), List.of(e.error()));
            case InvalidQueryException e -> new ApiProblem(400, "Invalid query parameter", e.getMessage(),
                    List.of(new FieldError("/query/" + e.parameter(), e.getMessage())));
            case UnknownTenantException e -> ApiProblem.notFound("no such tenant");
            default -> {
                LOG.error("Unexpected failure", failure);
                yield new ApiProblem(500, "Internal Server Error", "the server failed to answer; the failure was logged");
            }
        };
    }
}
