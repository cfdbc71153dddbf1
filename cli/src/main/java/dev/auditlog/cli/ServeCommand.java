package dev.auditlog.cli;

import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code auditlog serve}: runs the server until SIGTERM/SIGINT, then stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the Auditlog server.",
                "Environment (flags win): AUDITLOG_PORT, AUDITLOG_DATA_DIR, AUDITLOG_STORE,",
                "AUDITLOG_MASTER_KEY, AUDITLOG_ADMIN_PASSWORD."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP port, 1-65535, or 0 for any free port (default: AUDITLOG_PORT, else " + ServeSettings.DEFAULT_PORT + ")")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "data directory (default: AUDITLOG_DATA_DIR, else " + ServeSettings.DEFAULT_DATA_DIR + ")")
    String dataDir;

    @Option(names = "--store", paramLabel = "URL",
            description = "jdbc:postgresql://… for PostgreSQL (default: AUDITLOG_STORE, else the embedded store in the data directory)")
    String store;

    @Option(names = "--demo", description = "seed a 'demo' tenant with realistic entries on first start")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        ServeSettings settings = new ServeSettings(spec.commandLine(), System.getenv());
        ServerConfig config = new ServerConfig(settings.port(port), settings.dataDir(dataDir), settings.store(store), demo,
                System.getenv("AUDITLOG_MASTER_KEY"), System.getenv("AUDITLOG_ADMIN_PASSWORD"));
        AuditlogServer server = AuditlogServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "auditlog-shutdown"));
        stopped.await();
        return 0;
    }
}
