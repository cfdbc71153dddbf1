package dev.auditlog.server.internal.api;

import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.server.internal.archive.ArchiveDelivery;
import dev.auditlog.server.internal.archive.ArchivePaths;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Caller;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.Route;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The server's route table: every operation it answers, each bound to its handler. */
public final class ApiRoutes {
    /** Where the hand-kept OpenAPI document lives on the class path. */
    public static final String OPENAPI_RESOURCE = "/dev/auditlog/server/openapi.json";
    private static final String TENANT = "/api/v1/tenants/{t}";

    private ApiRoutes() {
    }

    /** The services the API shares with the web pages, so both act the same way and record the same entries. */
    public record Shared(QueryParameters queryParameters, ServerEntries entries, ApiKeys keys, ExportApi export,
                         SettingsUpdates settings) {
    }

    public static Shared shared(LogStore store, Access access, HttpMetrics metrics, Clock clock, ArchivePaths archivePaths) {
        QueryParameters queryParameters = new QueryParameters(clock);
        ServerEntries entries = new ServerEntries(store, metrics);
        return new Shared(queryParameters, entries, new ApiKeys(store, entries, clock),
                new ExportApi(store, access, entries, clock), new SettingsUpdates(store, entries, archivePaths));
    }

    /** Told of each tenant created over the API and by whom: the web pages give it its first super-admins. */
    public interface TenantCreated {
        void created(String tenant, Caller caller);
    }

    public static List<Route> create(LogStore store, Access access, HttpMetrics metrics, Clock clock, Shared shared,
                                     RetentionPrune prune, ArchiveDelivery archive, TenantCreated tenantCreated) {
        QueryParameters queryParameters = shared.queryParameters();
        TenantApi tenants = new TenantApi(store, access, clock, tenantCreated);
        KeyApi keys = new KeyApi(access, shared.keys());
        EventApi events = new EventApi(store, access, new EventParser(clock), queryParameters, metrics);
        IntegrityApi integrity = new IntegrityApi(store, access);
        ExportApi export = shared.export();
        SettingsApi settings = new SettingsApi(store, access, shared.settings(), archive);
        ErasureApi erasure = new ErasureApi(store, access, shared.entries());
        RetentionApi retention = new RetentionApi(prune, access);
        byte[] openApi = openApi();
        return List.of(
                Route.get("/healthz", (req, res) -> health(store, res, true)),
                // Load balancers probe with HEAD; Helidon does not answer it from the GET route.
                Route.head("/healthz", (req, res) -> health(store, res, false)),
                Route.get("/metrics", metrics::scrape),
                Route.get("/openapi.json", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, Json.MEDIA_TYPE);
                    res.send(openApi);
                }),
                Route.post("/api/v1/tenants", tenants::create),
                Route.post(TENANT + "/keys", keys::create),
                Route.get(TENANT + "/keys", keys::list),
                Route.delete(TENANT + "/keys/{id}", keys::revoke),
                Route.post(TENANT + "/events", events::ingest),
                Route.get(TENANT + "/events", events::query),
                Route.get(TENANT + "/events/{id}", events::entry),
                Route.get(TENANT + "/checkpoint", integrity::checkpoint),
                Route.get(TENANT + "/proofs/consistency", integrity::consistency),
                Route.get(TENANT + "/export", export::export),
                Route.get(TENANT + "/settings", settings::get),
                Route.put(TENANT + "/settings", settings::put),
                Route.post(TENANT + ErasureApi.ROUTE, erasure::erase),
                Route.post(TENANT + "/retention/run", retention::run));
    }

    /** 200 "ok", or 503 with what keeps the store from working (a full disk, PostgreSQL gone): not ready to serve. */
    private static void health(LogStore store, ServerResponse res, boolean withBody) {
        Optional<String> problem = store.problem();
        res.status(problem.isPresent() ? 503 : 200);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (!withBody) res.send();
        else res.send(problem.map(p -> "unavailable: " + p).orElse("ok"));
    }

    private static byte[] openApi() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + OPENAPI_RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
