package dev.auditlog.server.internal.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers the requests Helidon refuses before any route sees them (a request line or headers over its limits,
 * malformed percent-encoding, an unsupported {@code Content-Encoding}, an HTTP/1.0 request) with the same RFC 9457 problem documents
 * as every other error, where Helidon would send an empty body; a browser's navigation gets the pages' own error page
 * instead ({@link ProblemPage}). Nothing here echoes more of the request than Helidon's own safe messages do, and
 * nothing carries a stack trace.
 */
public final class TransportProblems implements DirectHandler {
    /** The server runs Helidon's HTTP/1.1 defaults; the limits named in the answers are read from them. */
    private static final Http1Config HTTP1 = Http1Config.create();
    /** What Helidon passes when its message may not be shown; answering it would tell the client nothing. */
    private static final String HIDDEN_MESSAGE = "Bad request, see server log for more information";
    /** Helidon's message when the headers pass {@link Http1Config#maxHeadersSize()}. */
    private static final String HEADERS_TOO_LARGE = "Header size exceeded";
    private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final ProblemPage page;

    private TransportProblems(ProblemPage page) {
        this.page = page;
    }

    /**
     * Request decoding and these answers on a server being built. Helidon hands a direct handler its message only
     * when the error handling includes entities, and then only the messages it marks as safe to show.
     *
     * @param page what a browser navigating to an address gets instead of the problem document
     */
    public static void configure(WebServerConfig.Builder server, ProblemPage page) {
        TransportProblems handler = new TransportProblems(page);
        server.contentEncoding(RequestDecoding.CONTEXT)
                .errorHandling(e -> e.includeEntity(true))
                .directHandlers(d -> {
                    for (EventType type : EventType.values()) d.addHandler(type, handler);
                });
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                    ServerResponseHeaders headers, String message) {
        ApiProblem problem = problem(request, status, message);
        TransportResponse.Builder response = TransportResponse.builder()
                .status(Status.create(problem.status(), problem.title()))
                .headers(headers);
        Router.EVERY_ANSWER.forEach(response::header);
        if (problem.status() == Status.UNSUPPORTED_MEDIA_TYPE_415_CODE) {
            response.header(HeaderNames.ACCEPT_ENCODING, RequestDecoding.ACCEPTED);
        }
        if (navigation(request)) {
            ProblemPage.Html html = page.render(problem);
            html.headers().forEach((name, value) -> response.header(HeaderNames.create(name), value));
            return response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                    .entity(html.body().getBytes(StandardCharsets.UTF_8)).build();
        }
        return response.header(HeaderNames.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .entity(Json.bytes(ProblemResponses.document(problem))).build();
    }

    /** A browser's navigation ({@link Router#navigation}); one whose headers were never read, a GET of a page's address. */
    private boolean navigation(TransportRequest request) {
        if (request.headers().size() > 0) return Router.navigation(request.method(), request.path(), request.headers());
        return Method.GET.text().equals(request.method()) && page.isPage(request.path());
    }

    private static ApiProblem problem(TransportRequest request, Status status, String message) {
        Optional<String> encoding = request.headers().first(HeaderNames.CONTENT_ENCODING);
        if (encoding.isPresent() && !RequestDecoding.CONTEXT.contentDecodingSupported(encoding.get())) {
            return new ApiProblem(415, "Unsupported Media Type", "Content-Encoding " + encoding.get()
                    + " is not supported; send the body uncompressed or with Content-Encoding gzip");
        }
        if (status.code() == Status.REQUEST_URI_TOO_LONG_414_CODE) {
            return new ApiProblem(414, "URI Too Long", "the request line (method, path and query string) must be shorter than "
                    + HTTP1.maxPrologueLength() + " bytes");
        }
        if (HEADERS_TOO_LARGE.equals(message)) {
            return new ApiProblem(431, "Request Header Fields Too Large", "the request headers may be at most "
                    + HTTP1.maxHeadersSize() + " bytes in all");
        }
        if (status.code() == Status.HTTP_VERSION_NOT_SUPPORTED_505_CODE) {
            // Helidon 4 speaks HTTP/1.1 only. nginx speaks HTTP/1.0 to an upstream unless told otherwise, so say how.
            return new ApiProblem(505, status.reasonPhrase(), "this server speaks HTTP/1.1: send the request as HTTP/1.1 "
                    + "(behind nginx, set proxy_http_version 1.1)");
        }
        if (status.code() >= 500) {
            return new ApiProblem(status.code(), status.reasonPhrase(), "the server failed to answer; the failure was logged");
        }
        if (BAD_PERCENT.matcher(request.path()).find()) {
            return new ApiProblem(status.code(), status.reasonPhrase(),
                    "the path is not correctly percent-encoded: each % must be followed by two hexadecimal digits");
        }
        if (message != null && message.startsWith("Query") && message.contains("% encoding")) {
            return new ApiProblem(status.code(), status.reasonPhrase(),
                    "the query string is not correctly percent-encoded: each % must be followed by two hexadecimal digits");
        }
        if (message != null && message.startsWith("Query contains invalid char")) {
            return new ApiProblem(status.code(), status.reasonPhrase(), "the query string holds a character that must be "
                    + "percent-encoded (a space, \", <, >, \\, ^, `, {, |, } and the like)");
        }
        String detail = message == null || message.isBlank() || message.equals(HIDDEN_MESSAGE)
                ? "the request is not valid HTTP/1.1" : message;
        return new ApiProblem(status.code(), status.reasonPhrase(), detail);
    }
}
