package dev.auditlog.cli;

import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code auditlog serve}: runs the server until SIGTERM/SIGINT, then stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the Auditlog server.",
                "Environment (flags win): AUDITLOG_PORT, AUDITLOG_DATA_DIR, AUDITLOG_STORE,",
                "AUDITLOG_MASTER_KEY, AUDITLOG_ADMIN_PASSWORD."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE})",
            defaultValue = "${env:AUDITLOG_PORT:-8080}")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})",
            defaultValue = "${env:AUDITLOG_DATA_DIR:-./data}")
    Path dataDir;

    @Option(names = "--store", paramLabel = "URL",
            description = "jdbc:postgresql://… for PostgreSQL; default: the embedded store in the data directory",
            defaultValue = "${env:AUDITLOG_STORE}")
    String store;

    @Option(names = "--demo", description = "seed a 'demo' tenant with realistic entries on first start")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = new ServerConfig(port, dataDir, store, demo,
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
