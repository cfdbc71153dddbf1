package dev.auditlog.server.internal.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** HTTP plumbing the pages share: security headers, cookies, form bodies, redirects, HTML answers. */
final class WebHttp {
    /**
     * Scripts only from this origin (htmx is served from /static), no inline script or style, no framing:
     * even an escaping bug could not run injected script. SVG attributes draw the histogram, so no inline
     * style is needed either.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final HeaderName HX_REQUEST = HeaderNames.create("HX-Request");
    private static final HeaderName HX_REDIRECT = HeaderNames.create("HX-Redirect");
    /** RFC 7239's {@code proto=https} in one element of {@code Forwarded}, the value quoted or not. */
    private static final Pattern FORWARDED_HTTPS = Pattern.compile("(?i)(?:^|;)\\s*proto=\"?https\"?\\s*(?:;|$)");

    private WebHttp() {
    }

    /** What every page answer carries, whatever its status, besides what every answer does ({@code Router}). */
    static final Map<String, String> SECURITY_HEADERS = securityHeaderValues();

    private static Map<String, String> securityHeaderValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "same-origin");
        return Collections.unmodifiableMap(headers);
    }

    static void securityHeaders(ServerResponse res) {
        SECURITY_HEADERS.forEach(res::header);
    }

    static void html(ServerResponse res, int status, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(ServerResponse res, String location) {
        res.status(303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    /** Whether htmx sent the request: its answer is swapped into the page the browser shows, not shown as a page. */
    static boolean fromHtmx(ServerRequest req) {
        return req.headers().contains(HX_REQUEST);
    }

    /**
     * Sends the browser to {@code location} as a whole page from an htmx request, answering with {@code status}. A
     * redirect would not: XMLHttpRequest follows it unseen, and htmx swaps what it selects from the page it ends on
     * into the page shown. The bundled htmx (2.0.11) follows {@code HX-Redirect} before it looks at the status or the
     * body, whatever the status.
     */
    static void htmxRedirect(ServerResponse res, int status, String location) {
        res.status(status);
        res.header(HX_REDIRECT, location);
        res.send();
    }

    /**
     * Whether the browser reached the server over HTTPS: directly, or through the reverse proxy that ends TLS in front
     * of it (the deployment the README describes), as the proxy's {@code X-Forwarded-Proto} or {@code Forwarded}
     * header says of the hop nearest the browser. A client's own word here can only make its cookies stricter.
     */
    static boolean overHttps(ServerRequest req) {
        if (req.isSecure()) return true;
        Optional<String> forwardedProto = req.headers().first(HeaderNames.X_FORWARDED_PROTO);
        if (forwardedProto.isPresent()) return forwardedProto.get().split(",", 2)[0].strip().equalsIgnoreCase("https");
        return req.headers().first(HeaderNames.FORWARDED)
                .map(f -> FORWARDED_HTTPS.matcher(f.split(",", 2)[0]).find()).orElse(false);
    }

    static Optional<String> cookie(ServerRequest req, String name) {
        return req.headers().cookies().first(name).asOptional();
    }

    /**
     * HttpOnly and SameSite=Lax always; Secure when the browser reached the server over HTTPS ({@link #overHttps}), so
     * that it never sends the cookie over plain HTTP (a plain-HTTP dev server would lose it otherwise).
     */
    static void setCookie(ServerRequest req, ServerResponse res, String name, String value, long maxAgeSeconds) {
        StringBuilder c = new StringBuilder(name).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Lax; Max-Age=").append(maxAgeSeconds);
        if (overHttps(req)) c.append("; Secure");
        res.headers().add(HeaderNames.SET_COOKIE, c.toString());
    }

    /** Where a browser says a request came from: {@code same-origin}, {@code same-site}, {@code cross-site} or {@code none}. */
    static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");

    /**
     * An application/x-www-form-urlencoded body as name → first value. Every form is one of this site's own pages, so
     * a form a browser says it sent from another origin is refused before it is read: a sibling subdomain can plant a
     * sign-in form's token cookie (a double submit then proves nothing), but not a same-origin request. Clients that
     * do not say (older browsers, curl) are judged by the CSRF token alone.
     */
    static Map<String, String> form(ServerRequest req) {
        if (req.headers().first(SEC_FETCH_SITE).filter(site -> !site.equals("same-origin")).isPresent()) {
            throw WebFailure.forbidden("This form was sent from another site. Open Auditlog and send it from its own page.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (!req.content().hasEntity()) return fields;
        try {
            byte[] body = req.content().inputStream().readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) throw new WebFailure(413, "the form is too large");
            for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                fields.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new WebFailure(400, "the form is not correctly encoded");
        }
    }

    /** The address of one of {@code tenant}'s pages, {@code page} being "/audit-log", "/settings" and the like. */
    static String tenantPage(String tenant, String page) {
        return "/t/" + encode(tenant) + page;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
