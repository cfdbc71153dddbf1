package dev.auditlog.cli;

import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code auditlog serve}: runs the server until SIGTERM/SIGINT, then stops cleanly and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the Auditlog server.",
                "Environment (flags win): AUDITLOG_PORT, AUDITLOG_DATA_DIR, AUDITLOG_STORE,",
                "AUDITLOG_MASTER_KEY, AUDITLOG_ADMIN_PASSWORD, AUDITLOG_ARCHIVE_ROOT,",
                "AUDITLOG_DUCKDB_MEMORY_LIMIT;",
                "AUDITLOG_LOG_LEVEL (TRACE, DEBUG, INFO, WARN, ERROR or OFF; default INFO):",
                "DEBUG adds the full stack trace to a start-up failure.",
                "Exit 1 with one line on standard error when the server cannot start,",
                "2 for a bad flag or environment variable."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP port, 1-65535, or 0 for any free port (default: AUDITLOG_PORT, else " + ServeSettings.DEFAULT_PORT + ")")
    String port;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--demo", description = "seed a 'demo' tenant with realistic entries on first start")
    boolean demo;

    @Option(names = "--archive-root", paramLabel = "DIR",
            description = "the directory tenants' file archives must be in (default: AUDITLOG_ARCHIVE_ROOT, else any "
                    + "directory outside the data directory)")
    String archiveRoot;

    @Option(names = "--duckdb-memory-limit", paramLabel = "SIZE",
            description = "the most memory the embedded store's DuckDB may take, outside the Java heap, such as 2GB "
                    + "(default: AUDITLOG_DUCKDB_MEMORY_LIMIT, else DuckDB's 80%% of the machine's memory)")
    String duckdbMemoryLimit;

    @Override
    public Integer call() throws Exception {
        ServeSettings settings = new ServeSettings(spec.commandLine(), System.getenv());
        settings.requireKnownLogLevel();
        String storeUrl = storeOptions.storeUrl(settings);
        ServerConfig config = new ServerConfig(settings.port(port), storeOptions.dataDir(settings), storeUrl, demo,
                System.getenv("AUDITLOG_MASTER_KEY"), System.getenv("AUDITLOG_ADMIN_PASSWORD"), settings.archiveRoot(archiveRoot),
                settings.duckdbMemoryLimit(duckdbMemoryLimit, storeUrl));
        AuditlogServer server;
        try {
            server = AuditlogServer.start(config);
        } catch (RuntimeException e) {
            // A start-up failure is the operator's to fix (a busy port, a locked or unreadable data directory, an
            // unreachable database): one line says what, a stack trace would bury it. It stays at debug level.
            LOG.debug("Start-up failed", e);
            System.err.println("auditlog: " + IoProblems.oneLine(e));
            return 1;
        }
        // SIGTERM and SIGINT are a request to stop, answered by a clean stop and exit 0: the JVM's own handling would
        // exit 143 or 130, which service managers (systemd without SuccessExitStatus=143) report as a failure. The
        // shutdown hook still stops the server on any other way out (SIGHUP, an exit elsewhere).
        Runnable stop = closingOnce(server);
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT")) Signal.handle(new Signal(signal), s -> stopRequested.countDown());
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "auditlog-shutdown"));
        stopRequested.await();
        LOG.info("Stopping: requests in flight finish, then the store closes");
        stop.run();
        return 0;
    }

    private static Runnable closingOnce(AuditlogServer server) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) server.close();
        };
    }
}
