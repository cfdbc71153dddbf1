package dev.auditlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A server on a free port over a fresh data directory, and a client that talks to it. */
final class TestServer implements AutoCloseable {
    static final String MASTER = "test-master-key-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final AuditlogServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> announcements = new ArrayList<>();

    private TestServer(Path dataDir, String masterKey, String adminPassword) {
        server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, masterKey, adminPassword), announcements::add);
    }

    private TestServer(ServerConfig config) {
        server = AuditlogServer.start(config, announcements::add);
    }

    static TestServer start(Path dataDir) {
        return new TestServer(dataDir, MASTER, null);
    }

    /** A server whose web user {@code admin} has the given password (AUDITLOG_ADMIN_PASSWORD). */
    static TestServer start(Path dataDir, String adminPassword) {
        return new TestServer(dataDir, MASTER, adminPassword);
    }

    /** A server started with {@code --demo}, whose web user {@code admin} has the given password. */
    static TestServer startDemo(Path dataDir, String adminPassword) {
        return new TestServer(new ServerConfig(0, dataDir, null, true, MASTER, adminPassword));
    }

    /** A server on the given store URL (e.g. PostgreSQL) instead of the embedded store. */
    static TestServer startOnStore(Path dataDir, String storeUrl) {
        return new TestServer(new ServerConfig(0, dataDir, storeUrl, false, MASTER, null));
    }

    /** Creates {@code tenants} over the API and adds the web user {@code user}, a viewer of default and of each of them. */
    void addViewerOfNewTenants(Path dataDir, String user, String password, String... tenants) {
        for (String tenant : tenants) createTenant(tenant);
        WebUsers users = new WebUsers(dataDir);
        if (!users.add(user, password, Tenant.DEFAULT, WebRole.VIEWER)) throw new IllegalStateException(user + " exists already");
        for (String tenant : tenants) users.setRole(user, tenant, WebRole.VIEWER);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + server.port() + pathAndQuery);
    }

    HttpResponse<byte[]> send(String method, String path, String key, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build());
    }

    /** A request built by the caller (for headers {@link #send(String, String, String, String, byte[])} does not set). */
    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    HttpResponse<byte[]> postJson(String path, String key, String json) {
        return send("POST", path, key, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<byte[]> res) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createTenant(String id) {
        expect(postJson("/api/v1/tenants", MASTER, "{\"id\":\"" + id + "\",\"name\":\"" + id + " Ltd\"}"), 201);
    }

    /** Creates a key and returns its secret. */
    String createKey(String tenant, String... scopes) {
        String body = "{\"name\":\"k-" + String.join("-", scopes) + "\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}";
        return json(expect(postJson("/api/v1/tenants/" + tenant + "/keys", MASTER, body), 201)).get("key").asText();
    }

    static HttpResponse<byte[]> expect(HttpResponse<byte[]> res, int status) {
        if (res.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + res.statusCode() + ": "
                    + new String(res.body(), StandardCharsets.UTF_8));
        }
        return res;
    }

    @Override
    public void close() {
        server.close();
    }
}
