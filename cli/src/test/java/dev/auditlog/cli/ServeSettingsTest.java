package dev.auditlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s settings: a bad one is refused before anything starts, with exit 2, under the name the user gave it
 * (the flag or the environment variable).
 */
class ServeSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aPortOutside0To65535IsRefusedNamingTheFlag() throws Exception {
        for (String port : new String[] {"-5", "65536", "99999"}) {
            CliProcess.Result r = CliProcess.run(dir, Map.of(), "serve", "--port", port);
            assertThat(r.exit()).as(port).isEqualTo(2);
            assertThat(r.err()).as(port).startsWith("Invalid value for option '--port': " + port + " is not a port number");
        }
    }

    @Test
    void aBadAuditlogPortIsRefusedNamingTheVariable() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_PORT", "abc"), "serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for environment variable AUDITLOG_PORT: 'abc' is not a port number")
                .doesNotContain("'--port'");
    }

    @Test
    void theFlagWinsOverABadVariable() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_PORT", "abc"), "serve", "--port", "-1");
        assertThat(r.err()).startsWith("Invalid value for option '--port': -1");
    }

    @Test
    void helpShowsNoValueFromTheEnvironmentAndWorksWhenItIsBad() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_PORT", "abc"), "serve", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("AUDITLOG_PORT, else 8080").doesNotContain("abc");
    }

    @Test
    void anEmptyDataDirIsRefusedAndNothingIsWritten() throws Exception {
        CliProcess.Result flag = CliProcess.run(dir, Map.of(), "serve", "--data-dir", "");
        assertThat(flag.exit()).isEqualTo(2);
        assertThat(flag.err()).startsWith("Invalid value for option '--data-dir': it is empty");
        CliProcess.Result variable = CliProcess.run(dir, Map.of("AUDITLOG_DATA_DIR", ""), "serve");
        assertThat(variable.exit()).isEqualTo(2);
        assertThat(variable.err()).startsWith("Invalid value for environment variable AUDITLOG_DATA_DIR: it is empty");
        assertNothingWrittenInTheCurrentDirectory();
    }

    @Test
    void aStoreThatIsNotAPostgresUrlIsRefusedWithoutRepeatingIt() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_STORE", "mysql://u:secret@db/audit"), "serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for environment variable AUDITLOG_STORE: not a jdbc:postgresql://… URL")
                .doesNotContain("secret");
    }

    @Test
    void aDuckDbMemoryLimitThatIsNoSizeOrIsGivenWithPostgresIsRefused() throws Exception {
        CliProcess.Result tiny = CliProcess.run(dir, Map.of(), "serve", "--duckdb-memory-limit", "8MB");
        assertThat(tiny.exit()).isEqualTo(2);
        assertThat(tiny.err()).startsWith("Invalid value for option '--duckdb-memory-limit': 8MB is too little");
        for (String size : new String[] {"lots", "60%", "0GB", "2 G", "-1GB"}) {
            CliProcess.Result r = CliProcess.run(dir, Map.of(), "serve", "--duckdb-memory-limit", size);
            assertThat(r.exit()).as(size).isEqualTo(2);
            assertThat(r.err()).as(size).startsWith("Invalid value for option '--duckdb-memory-limit': '" + size + "' is not a size such as 2GB");
        }
        CliProcess.Result withPostgres = CliProcess.run(dir, Map.of("AUDITLOG_DUCKDB_MEMORY_LIMIT", "2GB"), "serve",
                "--store", "jdbc:postgresql://localhost/audit");
        assertThat(withPostgres.exit()).isEqualTo(2);
        assertThat(withPostgres.err()).startsWith("Invalid value for environment variable AUDITLOG_DUCKDB_MEMORY_LIMIT: it sizes the "
                + "embedded store's DuckDB, and the store is PostgreSQL");
        assertNothingWrittenInTheCurrentDirectory();
    }

    @Test
    void anUnknownLogLevelIsRefusedNamingTheVariableAndTheLevelsRatherThanTurningOnDebug() throws Exception {
        for (String command : new String[] {"serve", "verify-store"}) {
            CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_LOG_LEVEL", "bogus"), command);
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).startsWith("Invalid value for environment variable AUDITLOG_LOG_LEVEL: 'bogus' is "
                    + "not a log level (one of TRACE, DEBUG, INFO, WARN, ERROR or OFF)")
                    .as("no debug log line").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG");
        }
        assertNothingWrittenInTheCurrentDirectory();
    }

    @Test
    void anEmptyLogLevelIsRefusedToo() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_LOG_LEVEL", ""), "serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid value for environment variable AUDITLOG_LOG_LEVEL: it is empty");
    }

    @Test
    void aKnownLogLevelIsTakenInAnyCase() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, Map.of("AUDITLOG_LOG_LEVEL", "warn"), "serve", "--port", "-1");
        assertThat(r.err()).as("gets as far as the next setting").startsWith("Invalid value for option '--port': -1");
    }

    private void assertNothingWrittenInTheCurrentDirectory() throws Exception {
        try (Stream<Path> written = Files.list(dir)) {
            assertThat(written).as("files in the current directory").isEmpty();
        }
    }
}
