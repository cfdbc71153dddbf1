package dev.auditlog.cli;

import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The settings of {@code serve} as CONTRACT §1 defines them: a flag wins over its environment variable, which wins
 * over the default.
 *
 * <p>They are resolved here rather than through picocli's {@code ${env:…}} defaults for two reasons: a bad value is
 * refused under the name the user gave it ({@code AUDITLOG_PORT}, not {@code --port}, when it came from the
 * environment), and a bad environment no longer breaks {@code serve --help}, whose defaults would show it.
 * A refusal is a {@link ParameterException}: exit 2 with the usage, like any other bad command line.
 */
final class ServeSettings {
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_DATA_DIR = "./data";
    private static final String PORT_RANGE = "1-65535, or 0 for any free port";
    /** A size DuckDB's memory_limit takes: a positive number and a unit of 1000s or 1024s. */
    private static final Pattern MEMORY_SIZE = Pattern.compile("(?i)(?=.*[1-9])[0-9]{1,9}(\\.[0-9]{1,3})? ?[KMGT]i?B");
    /** Below this DuckDB failed every read of a 150,000-entry log; at 64MB every export, at 128MB some at once. */
    private static final long MIN_DUCKDB_MEMORY = 128_000_000;
    /** The levels AUDITLOG_LOG_LEVEL may name (in any case), as logback spells them. */
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private final CommandLine commandLine;
    private final Map<String, String> environment;

    ServeSettings(CommandLine commandLine, Map<String, String> environment) {
        this.commandLine = commandLine;
        this.environment = environment;
    }

    /** A value and the name it was given under: the flag, or the environment variable. */
    private record Given(String name, String value) {
    }

    /** The flag's value when given, else the environment variable's when set, else null. */
    private Given given(String flag, String flagValue, String variable) {
        if (flagValue != null) return new Given("option '" + flag + "'", flagValue);
        String fromEnvironment = environment.get(variable);
        return fromEnvironment == null ? null : new Given("environment variable " + variable, fromEnvironment);
    }

    private ParameterException refuse(Given given, String why) {
        return new ParameterException(commandLine, "Invalid value for " + given.name() + ": " + why);
    }

    /** The HTTP port: 1-65535, or 0 for any free port. */
    int port(String flagValue) {
        Given given = given("--port", flagValue, "AUDITLOG_PORT");
        if (given == null) return DEFAULT_PORT;
        int port;
        try {
            port = Integer.parseInt(given.value().strip());
        } catch (NumberFormatException e) {
            throw refuse(given, "'" + given.value() + "' is not a port number (" + PORT_RANGE + ")");
        }
        if (port < 0 || port > 65535) throw refuse(given, port + " is not a port number (" + PORT_RANGE + ")");
        return port;
    }

    /** The data directory; an empty value is refused rather than read as the current directory. */
    Path dataDir(String flagValue) {
        Given given = given("--data-dir", flagValue, "AUDITLOG_DATA_DIR");
        if (given == null) return Path.of(DEFAULT_DATA_DIR);
        if (given.value().isBlank()) throw refuse(given, "it is empty (leave it out for " + DEFAULT_DATA_DIR + ")");
        return path(given);
    }

    /** The directory tenants' file archives must be in (see ArchivePaths), or null for none. */
    Path archiveRoot(String flagValue) {
        Given given = given("--archive-root", flagValue, "AUDITLOG_ARCHIVE_ROOT");
        if (given == null) return null;
        if (given.value().isBlank()) throw refuse(given, "it is empty (leave it out for no archive root)");
        return path(given);
    }

    private Path path(Given given) {
        try {
            return Path.of(given.value());
        } catch (InvalidPathException e) {
            throw refuse(given, "not a usable path: " + e.getReason());
        }
    }

    /**
     * The PostgreSQL URL, or null for the embedded store (also when the value is blank, as before). The value is not
     * repeated in a refusal: it may hold a password.
     */
    String store(String flagValue) {
        Given given = given("--store", flagValue, "AUDITLOG_STORE");
        if (given == null || given.value().isBlank()) return null;
        if (!given.value().startsWith("jdbc:postgresql:")) {
            throw refuse(given, "not a jdbc:postgresql://… URL (leave it out for the embedded store)");
        }
        return given.value();
    }

    /**
     * The most memory DuckDB's buffer cache may take (outside the Java heap), as DuckDB writes it ({@code 2GB},
     * {@code 512MiB}), or null for DuckDB's own default, 80% of the machine's memory. Only for the embedded store.
     */
    String duckdbMemoryLimit(String flagValue, String storeUrl) {
        Given given = given("--duckdb-memory-limit", flagValue, "AUDITLOG_DUCKDB_MEMORY_LIMIT");
        if (given == null) return null;
        if (storeUrl != null) throw refuse(given, "it sizes the embedded store's DuckDB, and the store is PostgreSQL");
        if (!MEMORY_SIZE.matcher(given.value().strip()).matches()) {
            throw refuse(given, "'" + given.value() + "' is not a size such as 2GB, 1.5GiB or 512MB (KB, MB, GB, TB or KiB, MiB, GiB, TiB)");
        }
        if (EmbeddedStore.memoryBytes(given.value().strip()) < MIN_DUCKDB_MEMORY) {
            throw refuse(given, given.value() + " is too little: DuckDB fails exports and erasures of larger logs below a few hundred MB "
                    + "(at least 128MB; 1GB or more unless measured)");
        }
        return given.value().strip();
    }

    /**
     * Checks AUDITLOG_LOG_LEVEL, which logback.xml reads for the root level: logback takes a value it does not know
     * (or an empty one) for DEBUG, so a typo would silently turn on debug logging. It has no flag.
     */
    void requireKnownLogLevel() {
        String value = environment.get("AUDITLOG_LOG_LEVEL");
        if (value == null) return;
        Given given = new Given("environment variable AUDITLOG_LOG_LEVEL", value);
        String accepted = String.join(", ", LOG_LEVELS.subList(0, LOG_LEVELS.size() - 1)) + " or " + LOG_LEVELS.getLast();
        if (value.isBlank()) throw refuse(given, "it is empty (one of " + accepted + ", or leave it out for INFO)");
        if (!LOG_LEVELS.contains(value.strip().toUpperCase(Locale.ROOT))) {
            throw refuse(given, "'" + value + "' is not a log level (one of " + accepted + ")");
        }
    }
}
