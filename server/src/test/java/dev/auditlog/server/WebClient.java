package dev.auditlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser: one cookie jar against a {@link TestServer}, redirects not followed, pages asked for
 * as a browser asks for them (HTML), forms posted with the CSRF token of the page they are on. For page behaviour that
 * needs no script.
 */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    /** Chromium's Accept of a navigation. */
    private static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final TestServer server;
    private final String host;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    WebClient(TestServer server) {
        this(server, null);
    }

    /** A client that reaches the server at {@code host} (such as {@code [::1]}) instead of {@code localhost}. */
    WebClient(TestServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Signs in through the form; the answer is the redirect to where the user lands. */
    HttpResponse<String> signIn(String user, String password) {
        HttpResponse<String> res = submit("/login", "/login", Map.of("username", user, "password", password));
        assertThat(res.statusCode()).as("sign-in of " + user).isEqualTo(303);
        return res;
    }

    HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    /** A GET with these headers too, such as those htmx sends with the requests it makes. */
    HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().setHeader("Accept", ACCEPT);
        headers.forEach(request::setHeader);
        return send(request);
    }

    /** Opens {@code page}, then posts {@code fields} with that page's CSRF token to {@code action}. */
    HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", csrf(get(page).body()));
        return post(action, form);
    }

    /** Posts {@code fields} as they are, CSRF token or not. */
    HttpResponse<String> post(String action, Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
        return send(HttpRequest.newBuilder(uri(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private URI uri(String path) {
        return host == null ? server.uri(path) : URI.create("http://" + host + ":" + server.uri("/").getPort() + path);
    }

    static String location(HttpResponse<?> res) {
        return res.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location in a " + res.statusCode()));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("the page has a form with a CSRF token").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
