package dev.auditlog.server;

import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.Tenant;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures (does not assert) how long the server takes to answer the audit log's first page at 1,000,000
 * entries: seeds them with {@code store.append} in batches of 10,000, signs in, then times ten requests of
 * each view over loopback. Run by hand: {@code java -cp <test classpath> dev.auditlog.server.FirstPageTiming}.
 */
public final class FirstPageTiming {
    private static final int ENTRIES = 1_000_000;
    private static final int BATCH = 10_000;
    private static final String PASSWORD = "timing-password-123";

    private FirstPageTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("auditlog-timing");
        try (TestServer server = TestServer.start(dir, PASSWORD)) {
            long t0 = System.nanoTime();
            for (int b = 0; b < ENTRIES / BATCH; b++) server.server.store().append(Tenant.DEFAULT, batch(b));
            System.out.printf("seeded %,d entries in %.1f s%n", ENTRIES, (System.nanoTime() - t0) / 1e9);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            signIn(http, server);
            for (String view : List.of("/t/default/audit-log", "/t/default/audit-log?channel=billing",
                    "/t/default/audit-log?q=invoice+42", "/t/default/audit-log/activity")) {
                time(http, server.uri(view), view, null);
            }
            // The same first page through the API, to tell the store's share from the page's.
            time(http, server.uri("/api/v1/tenants/default/events?count=true"), "API events?count=true", TestServer.MASTER);
            time(http, server.uri("/api/v1/tenants/default/events"), "API events (no count)", TestServer.MASTER);
        }
    }

    private static List<Event> batch(int b) {
        String[] channels = {"hardware", "billing", "auth", "settings"};
        List<Event> events = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            int n = b * BATCH + i;
            Actor actor = new Actor(Actor.USER, "u_" + (n % 500), "User " + (n % 500), "user" + (n % 500) + "@example.com");
            events.add(new Event("invoice.updated", EventType.UPDATED, channels[n % 4], "Invoice " + n + " updated", null,
                    actor, new Target("invoice", "inv" + n, null, null), List.of(), "203.0.113.7", null, Event.SUCCESS,
                    null, null, null));
        }
        return events;
    }

    private static void signIn(HttpClient http, TestServer server) throws Exception {
        String form = http.send(HttpRequest.newBuilder(server.uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
        if (!m.find()) throw new IllegalStateException("no csrf token");
        String body = "csrf=" + m.group(1) + "&username=admin&password=" + PASSWORD;
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(server.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 303) throw new IllegalStateException("sign-in failed: " + res.statusCode());
    }

    private static void time(HttpClient http, URI uri, String label, String bearer) throws Exception {
        long[] ms = new long[10];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            HttpRequest.Builder req = HttpRequest.newBuilder(uri);
            if (bearer != null) req.header("Authorization", "Bearer " + bearer);
            HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            if (res.statusCode() != 200) throw new IllegalStateException(label + ": " + res.statusCode());
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-45s first %4d ms, median %4d ms, max %4d ms  %s%n", label, ms[0], sorted[5], sorted[9], Arrays.toString(ms));
    }
}
