package dev.auditlog.server.internal.http;

import dev.auditlog.core.event.FieldError;
import java.util.List;

/**
 * An answer other than success, raised anywhere in a handler and rendered as RFC 9457
 * {@code application/problem+json} by {@link ProblemResponses}. Its type is {@code about:blank}, so its title is
 * the status's phrase ("Bad Request", RFC 9457 §4.2.1); what went wrong is in the detail and the errors.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final boolean endsConnection;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        this(status, title, detail, errors, false);
    }

    private ApiProblem(int status, String title, String detail, List<FieldError> errors, boolean endsConnection) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.endsConnection = endsConnection;
    }

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    public static ApiProblem invalid(String pointer, String detail) {
        return new ApiProblem(400, "Bad Request", detail, List.of(new FieldError(pointer, detail)));
    }

    /**
     * 400 for a body that cannot be read to its end (a chunk whose size does not parse): the answer closes the
     * connection, since nothing after the bad part can be told apart from the next request.
     */
    public static ApiProblem unreadableBody(String detail) {
        return badRequest(detail).closingConnection();
    }

    /** This answer, closing the connection after it: the request's body is left unread. */
    public ApiProblem closingConnection() {
        return new ApiProblem(status, title, getMessage(), errors, true);
    }

    /** 415 for a body of {@code mediaType}, naming what the operation reads instead. */
    public static ApiProblem unsupportedMediaType(String accepted, String mediaType) {
        return new ApiProblem(415, "Unsupported Media Type", "send " + accepted + ", not " + mediaType);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Whether the answer must close the connection ({@link #unreadableBody}). */
    public boolean endsConnection() {
        return endsConnection;
    }
}
