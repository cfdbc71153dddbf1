package dev.auditlog.server;

import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} documents exactly the routes the server registers. */
class OpenApiTest {
    @Test
    void openApiDocumentsEveryRegisteredRouteAndNoOther(@TempDir Path dataDir) {
        try (TestServer api = TestServer.start(dataDir)) {
            JsonNode doc = json(expect(api.get("/openapi.json", null), 200));
            assertThat(doc.get("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
            Set<String> registered = api.server.routes().stream()
                    .map(r -> r.method().text() + " " + r.path().replace("{+", "{")) // OpenAPI has no notation for an id spanning segments
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(documented).isEqualTo(registered);
        }
    }
}
