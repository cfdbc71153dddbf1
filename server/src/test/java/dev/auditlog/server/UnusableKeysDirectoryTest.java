package dev.auditlog.server;

import static dev.auditlog.server.TestServer.MASTER;
import static dev.auditlog.server.TestServer.expect;
import static dev.auditlog.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.server.internal.http.ProblemResponses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant whose signing key cannot be made (a {@code keys/} the server may not write, here a file in its place) is a
 * failure of the machine: a 503 saying why, one line in the log, and nothing created. It was a bare 500 with a stack
 * trace of 35 lines (black-box report F4).
 */
class UnusableKeysDirectoryTest {
    @TempDir
    Path dataDir;

    @Test
    void aTenantWhoseKeyCannotBeMadeIsA503SayingWhyAndIsNotCreated() throws Exception {
        try (TestServer api = TestServer.start(dataDir); LogLines log = new LogLines(ProblemResponses.class)) {
            Path keys = dataDir.resolve("keys");
            Path aside = Files.move(keys, dataDir.resolve("keys-aside"));
            Files.writeString(keys, "not a directory");

            var refused = json(expect(api.postJson("/api/v1/tenants", MASTER, "{\"id\":\"rot\",\"name\":\"Rot\"}"), 503));
            assertThat(refused.get("detail").asText())
                    .contains("cannot load or create the signing key " + keys.resolve("rot.key") + ": a file is in the way (" + keys + ")");
            assertThat(log.lines()).filteredOn(line -> !line.startsWith("DEBUG")).singleElement().asString()
                    .startsWith("ERROR The store could not answer");

            Files.delete(keys);
            Files.move(aside, keys);
            expect(api.get("/api/v1/tenants/rot/checkpoint", MASTER), 404);
            api.createTenant("rot");
        }
    }
}
