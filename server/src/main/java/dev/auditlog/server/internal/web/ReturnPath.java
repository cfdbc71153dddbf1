package dev.auditlog.server.internal.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The page a signed-out user asked for, carried through sign-in ({@code /login?next=…}, then a hidden form
 * field) so that a bookmarked, filtered view opens as bookmarked. Because the value comes from the URL, it is
 * accepted only as a path on this site: one leading {@code /}, never {@code //} or a backslash (browsers read
 * {@code //host} and {@code /\host} as another site), no scheme and nothing but visible ASCII. Anything else
 * is dropped and the user lands on their home page: sign-in is never an open redirect.
 */
final class ReturnPath {
    static final String PARAM = "next";
    private static final HeaderName HX_CURRENT_URL = HeaderNames.create("HX-Current-URL");
    private static final int MAX_LENGTH = 2048;
    /** A tenant's export: the tenant's address, then the query if there is one. */
    private static final Pattern EXPORT = Pattern.compile("(/t/[^/?]+)/export(?:\\?(.*))?");
    private static final String FORMAT = "format";
    /** A tenant's audit log page, the one page htmx asks for whole (its filter changes). */
    private static final Pattern AUDIT_LOG = Pattern.compile("/t/[^/?]+/audit-log");

    private ReturnPath() {
    }

    /** The page to return to for the candidate, when it is a path on this site: the candidate, or for an export its view. */
    static Optional<String> of(String candidate) {
        if (candidate == null || candidate.length() > MAX_LENGTH || !candidate.startsWith("/") || candidate.startsWith("//")) {
            return Optional.empty();
        }
        return candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\') ? Optional.of(pageOf(candidate)) : Optional.empty();
    }

    /**
     * An export is no page to return to: the browser downloads it and stays on the sign-in form, which looks as if
     * signing in had failed (an Export button clicked after the session ended leads there). Its view is: the tenant's
     * audit log with the export's filters, without the format, which only the export takes.
     */
    private static String pageOf(String path) {
        Matcher export = EXPORT.matcher(path);
        if (!export.matches()) return path;
        String filters = export.group(2) == null ? "" : Arrays.stream(export.group(2).split("&"))
                .filter(p -> !p.equals(FORMAT) && !p.startsWith(FORMAT + "=")).collect(Collectors.joining("&"));
        return export.group(1) + "/audit-log" + (filters.isEmpty() ? "" : "?" + filters);
    }

    /**
     * Where a signed-out request is sent: the sign-in page, remembering the page the browser shows. That is the page
     * asked for, also when htmx asks for it (a filter changed on the audit log page: htmx puts the view's address in
     * the address bar, and the user wants that view, not the one before); for htmx's other requests (the activity
     * chart: a fragment, no page to return to) the page it came from, which htmx names in {@code HX-Current-URL}: its
     * path and query are taken, like any return path, only as a path on this site. A form post is not remembered;
     * returning to it would not show a page.
     */
    static String signInFor(ServerRequest req) {
        if (req.prologue().method() != Method.GET) return "/login";
        boolean aPage = !WebHttp.fromHtmx(req) || AUDIT_LOG.matcher(req.path().rawPath()).matches();
        Optional<String> shown = aPage ? Optional.of(requested(req)) : currentPage(req);
        return shown.filter(p -> !p.equals("/")).flatMap(ReturnPath::of)
                .map(p -> "/login?" + PARAM + "=" + WebHttp.encode(p)).orElse("/login");
    }

    private static String requested(ServerRequest req) {
        String query = req.query().rawValue();
        return req.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
    }

    /** The path and query of the page an htmx request came from, when htmx says which. */
    private static Optional<String> currentPage(ServerRequest req) {
        Optional<String> url = req.headers().first(HX_CURRENT_URL);
        if (url.isEmpty()) return Optional.empty();
        try {
            URI page = new URI(url.get());
            if (page.getRawPath() == null) return Optional.empty(); // opaque, such as javascript:…
            return Optional.of(page.getRawPath() + (page.getRawQuery() == null ? "" : "?" + page.getRawQuery()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
