package dev.auditlog.server.internal.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * The page a signed-out user asked for, carried through sign-in ({@code /login?next=…}, then a hidden form
 * field) so that a bookmarked, filtered view opens as bookmarked. Because the value comes from the URL, it is
 * accepted only as a path on this site: one leading {@code /}, never {@code //} or a backslash (browsers read
 * {@code //host} and {@code /\host} as another site), no scheme and nothing but visible ASCII. Anything else
 * is dropped and the user lands on their home page: sign-in is never an open redirect.
 */
final class ReturnPath {
    static final String PARAM = "next";
    private static final int MAX_LENGTH = 2048;

    private ReturnPath() {
    }

    /** The candidate, when it is a path on this site. */
    static Optional<String> of(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH || !candidate.startsWith("/") || candidate.startsWith("//")) {
            return Optional.empty();
        }
        return candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\') ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * Where a signed-out request is sent: the sign-in page, remembering a page the browser navigated to. Form
     * posts and htmx fragment requests are not remembered; returning to them would not show a page.
     */
    static String signInFor(ServerRequest req) {
        if (req.prologue().method() != Method.GET || req.headers().contains(HeaderNames.create("HX-Request"))) return "/login";
        String query = req.query().rawValue();
        String requested = req.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
        return requested.equals("/") ? "/login" : of(requested).map(p -> "/login?" + PARAM + "=" + WebHttp.encode(p)).orElse("/login");
    }
}
