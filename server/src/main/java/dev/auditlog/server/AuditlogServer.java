package dev.auditlog.server;

import dev.auditlog.core.files.OwnerOnly;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.server.internal.api.ApiRoutes;
import dev.auditlog.server.internal.api.RetentionPrune;
import dev.auditlog.server.internal.api.RetentionScheduler;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import dev.auditlog.server.internal.archive.ArchivePaths;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.MasterKey;
import dev.auditlog.server.internal.auth.WebRole;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.ListenPort;
import dev.auditlog.server.internal.http.Route;
import dev.auditlog.server.internal.http.Router;
import dev.auditlog.server.internal.http.TransportProblems;
import dev.auditlog.server.internal.setup.ClockAhead;
import dev.auditlog.server.internal.setup.DemoSeed;
import dev.auditlog.server.internal.setup.OpenDataDirectory;
import dev.auditlog.server.internal.setup.SigningKeys;
import dev.auditlog.server.internal.setup.Stores;
import dev.auditlog.server.internal.setup.WebUsers;
import dev.auditlog.server.internal.web.WebRoutes;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running product: a store, the HTTP API and the web pages in front of it (CONTRACT §1–§4, §6, §7). Start it with
 * {@link #start}; {@link #close} stops it cleanly.
 */
public final class AuditlogServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditlogServer.class);
    /**
     * How long {@link #close} lets requests in flight finish (CONTRACT §1: "requests in flight finish") before it cuts
     * them off. Helidon's default, half a second, aborted an ingest batch still being uploaded over a slow link; a
     * request that has not finished in 30 s (a very large export) is cut off, as a process manager would kill a
     * server that does not stop.
     */
    public static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);

    private final LogStore store;
    private final WebServer web;
    private final Router router;
    private final List<Route> routes;
    private final RetentionScheduler retention;
    private final ArchiveDelivery archive;

    private AuditlogServer(LogStore store, WebServer web, Router router, List<Route> routes, RetentionScheduler retention,
                           ArchiveDelivery archive) {
        this.store = store;
        this.web = web;
        this.router = router;
        this.routes = routes;
        this.retention = retention;
        this.archive = archive;
    }

    /**
     * Prepares the data directory on first start (tenant {@code default}, master key, web user {@code admin},
     * the demo tenant when asked), opens the store and starts serving; returns once {@code /healthz} answers.
     * One-time secrets are printed on standard output.
     *
     * @throws RuntimeException whose message tells the operator what to fix: a port already in use (checked before
     *                          anything is opened or written), a data directory that cannot be created, a store that
     *                          cannot be opened (locked by another server, corrupt, unreachable)
     */
    public static AuditlogServer start(ServerConfig config) {
        return start(config, System.out::println);
    }

    static AuditlogServer start(ServerConfig config, Consumer<String> announce) {
        Function<Clock, LogStore> openStore = Stores.opener(config.store(), config.dataDir(), config.duckdbMemoryLimit());
        ListenPort.requireFree(config.port());
        Clock clock = Clock.systemUTC();
        try {
            OwnerOnly.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        OpenDataDirectory.warning(config.dataDir()).ifPresent(LOG::warn);
        ArchivePaths archivePaths = new ArchivePaths(config.dataDir(), config.archiveRoot()); // a bad root before anything is made
        boolean demoSeeded = config.demo() && DemoSeed.seedIfAbsent(openStore, clock);
        if (demoSeeded) LOG.info("Seeded the demo tenant '{}'", DemoSeed.TENANT);
        LogStore store = openStore.apply(clock);
        ArchiveDelivery archive = null;
        try {
            // Before anything is signed: the keys that signed the stored checkpoints must be there.
            SigningKeys.requireKeysOfSignedLogs(store, config.dataDir());
            ClockAhead.warnings(store, clock).forEach(LOG::warn);
            store.createTenant(new Tenant(Tenant.DEFAULT, "Default", clock.instant()));
            MasterKey masterKey = MasterKey.load(config.masterKey(), config.dataDir(), announce);
            WebUsers.ensureAdmin(config.dataDir(), config.adminPassword(), announce);
            if (demoSeeded) {
                // So that `serve --demo` shows a populated audit log right after signing in as admin (where they land).
                new WebUsers(config.dataDir()).setRole("admin", DemoSeed.TENANT, WebRole.SUPER_ADMIN);
            }
            HttpMetrics metrics = new HttpMetrics();
            Access access = new Access(store, masterKey);
            archive = ArchiveDelivery.start(store, config.dataDir().resolve("archive"), clock);
            metrics.gauge("auditlog.archive.failing.tenants", "Tenants whose archive delivery currently fails",
                    archive::failingTenants);
            metrics.gauge("auditlog.store.unapplied.bytes", "Acknowledged appends not yet written where reads find them "
                    + "(the embedded store's journal backlog)", store::unappliedBytes);
            store.gauges().forEach(metrics::gauge);
            RetentionPrune prune = new RetentionPrune(store, metrics, clock, archive::undeliveredFrom);
            ApiRoutes.Shared shared = ApiRoutes.shared(store, access, metrics, clock, archivePaths);
            WebUsers users = new WebUsers(config.dataDir());
            List<Route> routes = ApiRoutes.create(store, access, metrics, clock, shared, prune, archive,
                    WebRoutes.onTenantCreated(users, shared));
            WebRoutes.Site site = WebRoutes.create(store, users, shared, archive, clock,
                    config.demo() ? DemoSeed.TENANT : Tenant.DEFAULT);
            Router router = new Router(Stream.concat(routes.stream(), site.routes().stream()).toList(), metrics, site.pageNotFound());
            WebServer web = WebServer.builder()
                    .port(config.port())
                    .shutdownGracePeriod(STOP_GRACE_PERIOD)
                    .routing(router::register)
                    .update(server -> TransportProblems.configure(server, site.problemPage()))
                    .build()
                    .start();
            ListenPort.requireListening(web, config.port());
            RetentionScheduler retention = RetentionScheduler.start(store, prune, clock);
            LOG.info("Auditlog listening on port {} on all interfaces (http://localhost:{}/), data in {}", web.port(), web.port(),
                    config.dataDir().toAbsolutePath().normalize()); // the launcher passes ./data
            return new AuditlogServer(store, web, router, routes, retention, archive);
        } catch (RuntimeException e) {
            if (archive != null) archive.close();
            store.close();
            throw e;
        }
    }

    public int port() {
        return web.port();
    }

    public LogStore store() {
        return store;
    }

    /** The API operations the server answers, web pages excluded (for the OpenAPI completeness test). */
    List<Route> routes() {
        return routes;
    }

    /**
     * Stops accepting connections and closes idle ones, lets requests in flight finish (for at most
     * {@link #STOP_GRACE_PERIOD}, their responses closing their connections), then closes the store.
     */
    @Override
    public void close() {
        router.stopping();
        retention.close();
        web.stop();
        archive.close();
        store.close();
    }
}
