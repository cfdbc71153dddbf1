package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auditlog -V}. The jar (cli/target/auditlog.jar, built after the tests) carries the project version in its
 * manifest and prints {@code auditlog 0.1.0-SNAPSHOT}; run from classes, as here, there is no manifest to read.
 */
class VersionTest {
    @TempDir
    Path dir;

    @Test
    void runFromClassesTheVersionIsADevelopmentBuild() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of(), "-V");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("auditlog development build\n");
    }
}
