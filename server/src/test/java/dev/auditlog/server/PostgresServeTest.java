package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.export.ExportVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --store jdbc:postgresql://…}: the same API on a real PostgreSQL. */
class PostgresServeTest {
    @TempDir
    Path dataDir;

    @Test
    void theApiWorksEndToEndOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            TestServer api = TestServer.startOnStore(dataDir, pg.getJdbcUrl("postgres", "postgres"));
            try {
                api.createTenant("acme");
                String ingest = api.createKey("acme", "ingest");
                String read = api.createKey("acme", "read");
                String events = "/api/v1/tenants/acme/events";
                expect(api.postJson(events, ingest, "[{\"action\":\"invoice.created\",\"channel\":\"billing\"},"
                        + "{\"action\":\"user.login\",\"channel\":\"auth\",\"ip\":\"203.0.113.7\"}]"), 201);
                JsonNode page = json(expect(api.get(events + "?channel=billing&count=true", read), 200));
                assertThat(page.get("total").asLong()).isEqualTo(1);
                assertThat(page.at("/entries/0/action").asText()).isEqualTo("invoice.created");
                byte[] export = expect(api.get("/api/v1/tenants/acme/export?format=json", read), 200).body();
                ExportVerifier.Result verified = new ExportVerifier(null).verify(new ByteArrayInputStream(export));
                assertThat(verified.ok()).as(verified.message()).isTrue();
                assertThat(verified.entries()).isGreaterThanOrEqualTo(2);
            } finally {
                api.close();
            }
        }
    }
}
