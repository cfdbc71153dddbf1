package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.auth.MasterKey;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.setup.WebUsers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §1: what the first start prepares, shown once, and what later starts leave alone. */
class FirstStartTest {
    @Test
    void generatedMasterKeyAndAdminPasswordAreShownOnceAndStoredOnlyAsHashes(@TempDir Path dataDir) throws Exception {
        List<String> first = new ArrayList<>();
        String masterKey;
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, null, null), first::add)) {
            assertThat(first).hasSize(2);
            masterKey = first.stream().filter(m -> m.contains("master key")).findFirst().orElseThrow().replaceAll(".*: ", "");
            String password = first.stream().filter(m -> m.contains("'admin'")).findFirst().orElseThrow().replaceAll(".*: ", "");
            assertThat(WebUsers.verify(dataDir, "admin", password)).isTrue();
            assertThat(Files.readString(dataDir.resolve("users.json"))).contains("$argon2id$").doesNotContain(password);
            assertThat(get(server, "/api/v1/tenants/default/checkpoint", masterKey).statusCode()).isEqualTo(200);
        }
        try (var files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".sha256")).toList()) {
                assertThat(Files.readString(f)).doesNotContain(masterKey);
            }
        }
        List<String> second = new ArrayList<>();
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, null, null), second::add)) {
            assertThat(second).isEmpty();
            assertThat(get(server, "/api/v1/tenants/default/checkpoint", masterKey).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aDifferentAdminPasswordOnALaterStartIsIgnoredWithALoggedWarningSoAChangeMadeOnThePagesStands(@TempDir Path dataDir) {
        AuditlogServer.start(new ServerConfig(0, dataDir, null, false, "master-key-0123456789", "first-password-1234"), m -> { }).close();
        List<String> later = new ArrayList<>();
        List<String> same = new ArrayList<>();
        try (LogLines log = new LogLines(WebUsers.class)) {
            AuditlogServer.start(new ServerConfig(0, dataDir, null, false, "master-key-0123456789", "other-password-1234"), later::add).close();
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN AUDITLOG_ADMIN_PASSWORD is not the password of web user 'admin'");
            AuditlogServer.start(new ServerConfig(0, dataDir, null, false, "master-key-0123456789", "first-password-1234"), same::add).close();
            assertThat(log.lines()).hasSize(1);
        }

        assertThat(later).as("nothing on standard output").isEmpty();
        assertThat(same).isEmpty();
        assertThat(WebUsers.verify(dataDir, "admin", "first-password-1234")).isTrue();
        assertThat(WebUsers.verify(dataDir, "admin", "other-password-1234")).isFalse();
    }

    @Test
    void aShortAdminPasswordOrMasterKeyIsTakenWithAWarning(@TempDir Path dataDir) throws Exception {
        try (LogLines users = new LogLines(WebUsers.class); LogLines keys = new LogLines(MasterKey.class);
             AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, "short-key", "short"), m -> { })) {
            assertThat(users.lines()).singleElement().asString().startsWith("WARN AUDITLOG_ADMIN_PASSWORD has fewer than 12 characters");
            assertThat(keys.lines()).singleElement().asString().startsWith("WARN AUDITLOG_MASTER_KEY has fewer than 20 characters");
            assertThat(get(server, "/api/v1/tenants/default/checkpoint", "short-key").statusCode()).isEqualTo(200);
            assertThat(WebUsers.verify(dataDir, "admin", "short")).isTrue();
        }
    }

    @Test
    void theDataDirectoryIsOwnerOnlyAndSoAreThePasswordHashesTheMasterKeyHashAndTheDatabase(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("data");
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, null, null), m -> { })) {
            new WebUsers(dataDir).add("viewer", "a password", "default", WebRole.VIEWER); // a rewrite keeps it owner-only
        }
        assertThat(permissions(dataDir)).isEqualTo("rwx------");
        for (String file : List.of("users.json", "master-key.sha256", "auditlog.duckdb")) {
            assertThat(permissions(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
        }
    }

    @Test
    void aDataDirectoryTheOperatorMadeOpenIsWarnedAboutAndEverythingTheServerMakesInItIsOwnerOnly(@TempDir Path parent)
            throws Exception {
        Path dataDir = Files.createDirectory(parent.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LogLines log = new LogLines(AuditlogServer.class); TestServer server = TestServer.start(dataDir)) {
            expect(server.postJson("/api/v1/tenants/default/events", TestServer.MASTER,
                    "{\"action\":\"x.created\",\"actor\":{\"id\":\"u1\",\"email\":\"secret@example.com\"}}"), 201);
            assertThat(log.lines()).filteredOn(line -> line.contains("data directory")).singleElement().asString()
                    .isEqualTo("WARN The data directory " + dataDir + " is open to other users (rwxr-xr-x): it holds every "
                            + "entry with its personal data; 'chmod 700 " + dataDir + "' closes it");
        }
        assertThat(permissions(dataDir)).as("the operator's own mode is left alone").isEqualTo("rwxr-xr-x");
        try (var made = Files.walk(dataDir)) {
            for (Path p : made.filter(p -> !p.equals(dataDir)).toList()) {
                assertThat(permissions(p)).as(dataDir.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void demoTenantIsSeededWithPastEntriesOfEveryEventTypeOnFirstStartOnly(@TempDir Path dataDir) throws Exception {
        long size;
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, true, TestServer.MASTER, "pw"), m -> { })) {
            JsonNode page = json(expect(get(server, "/api/v1/tenants/demo/events?count=true&limit=1000", TestServer.MASTER), 200));
            size = page.get("total").asLong();
            assertThat(size).isBetween(2_500L, 3_500L);
            Instant oldest = Instant.parse(page.get("entries").get(page.get("entries").size() - 1).get("recorded_at").asText());
            Instant newest = Instant.parse(page.get("entries").get(0).get("recorded_at").asText());
            assertThat(newest).isBefore(Instant.now());
            assertThat(Duration.between(oldest, newest)).isGreaterThan(Duration.ofDays(5));
            JsonNode all = json(expect(get(server, "/api/v1/tenants/demo/events?from=2000-01-01&to="
                    + Instant.now().minus(Duration.ofDays(90)).toString().substring(0, 10) + "&count=true", TestServer.MASTER), 200));
            assertThat(all.get("total").asLong()).isGreaterThan(0);
            for (String event : List.of("created", "read", "updated", "deleted", "other")) {
                JsonNode ofType = json(expect(get(server, "/api/v1/tenants/demo/events?count=true&limit=1&event=" + event,
                        TestServer.MASTER), 200));
                assertThat(ofType.get("total").asLong()).as("demo entries of event " + event).isGreaterThan(0);
            }
        }
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, true, TestServer.MASTER, "pw"), m -> { })) {
            JsonNode checkpoint = json(expect(get(server, "/api/v1/tenants/demo/checkpoint", TestServer.MASTER), 200));
            assertThat(checkpoint.get("size").asLong()).isEqualTo(size);
        }
    }

    /** CONTRACT §1: "--demo seeds a demo tenant … so a newcomer sees a populated page", the page they land on. */
    @Test
    void underDemoTheAdminLandsOnTheDemoTenantsPopulatedLogAndOthersWhereTheyDid(@TempDir Path dataDir) {
        try (TestServer server = TestServer.startDemo(dataDir, "demo-admin-password")) {
            WebClient admin = new WebClient(server);
            assertThat(WebClient.location(admin.signIn("admin", "demo-admin-password"))).isEqualTo("/t/demo/audit-log");
            assertThat(admin.get("/t/demo/audit-log").body()).contains("Demo Ltd")
                    .containsPattern("id=\"count\">[1-9][0-9,]{3,} entries<");
            assertThat(WebClient.location(admin.get("/"))).isEqualTo("/t/demo/audit-log");

            new WebUsers(dataDir).add("vera", "vera-password-1", Tenant.DEFAULT, WebRole.VIEWER);
            assertThat(WebClient.location(new WebClient(server).signIn("vera", "vera-password-1")))
                    .as("no role on the demo tenant").isEqualTo("/t/default/audit-log");
        }
    }

    private static HttpResponse<byte[]> get(AuditlogServer server, String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
