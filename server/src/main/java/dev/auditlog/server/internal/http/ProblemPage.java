package dev.auditlog.server.internal.http;

import java.util.Map;

/**
 * The HTML page a browser's navigation gets for a request refused before any route sees it ({@link TransportProblems}),
 * where an API client gets the problem document: an address mistyped in the address bar, such as
 * {@code /t/acme/audit-log?q=100%}, should show a page that says what is wrong, not raw JSON.
 */
public interface ProblemPage {
    /**
     * Whether {@code path} is a page's address. A malformed query string fails the request line, before Helidon reads
     * the headers that would show a browser asking for HTML, so then the address alone decides.
     */
    boolean isPage(String path);

    Html render(ApiProblem problem);

    /** A page and the headers every page carries (its security headers). */
    record Html(String body, Map<String, String> headers) {
        public Html {
            headers = Map.copyOf(headers);
        }
    }
}
