package dev.auditlog.server;

import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import io.helidon.webserver.WebServer;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running product: a store and the HTTP server in front of it. */
public final class AuditlogServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditlogServer.class);

    private final LogStore store;
    private final WebServer web;

    private AuditlogServer(LogStore store, WebServer web) {
        this.store = store;
        this.web = web;
    }

    /** Opens the store, makes sure tenant {@code default} exists and starts serving; returns once ready. */
    public static AuditlogServer start(ServerConfig config) {
        if (config.store() != null) {
            throw new IllegalArgumentException("--store " + config.store() + ": only the embedded store is available in this version");
        }
        LogStore store = EmbeddedStore.open(config.dataDir());
        store.createTenant(new Tenant(Tenant.DEFAULT, "Default", Instant.now()));
        WebServer web = WebServer.builder()
                .port(config.port())
                .routing(r -> r.get("/healthz", (req, res) -> res.send("ok")))
                .build()
                .start();
        LOG.info("Auditlog listening on http://localhost:{}/ (data in {})", web.port(), config.dataDir().toAbsolutePath());
        return new AuditlogServer(store, web);
    }

    public int port() {
        return web.port();
    }

    public LogStore store() {
        return store;
    }

    /** Stops accepting requests, lets requests in flight finish, then closes the store. */
    @Override
    public void close() {
        web.stop();
        store.close();
    }
}
