package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventParser;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.settings.Tracking;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Page;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.HttpMetrics;
import dev.auditlog.server.internal.http.Json;
import dev.auditlog.server.internal.http.RequestBodies;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/** {@code /api/v1/tenants/{t}/events}: ingest, query, and one entry with its inclusion proof. */
final class EventApi {
    private final LogStore store;
    private final Access access;
    private final EventParser parser;
    private final QueryParameters queryParameters;
    private final HttpMetrics metrics;

    EventApi(LogStore store, Access access, EventParser parser, QueryParameters queryParameters, HttpMetrics metrics) {
        this.store = store;
        this.access = access;
        this.parser = parser;
        this.queryParameters = queryParameters;
        this.metrics = metrics;
    }

    void ingest(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.INGEST);
        boolean ndjson = ndjson(req);
        List<Event> events = parser.parse(RequestBodies.read(req), ndjson);
        Tracking tracking = store.settings(tenant).tracking();
        List<Appended> appended = store.append(tenant, events.stream().filter(tracking::records).toList());
        metrics.appended((int) appended.stream().filter(a -> !a.duplicate()).count());
        ObjectNode body = Json.object();
        ArrayNode entries = body.putArray("entries");
        HexFormat hex = HexFormat.of();
        Iterator<Appended> recorded = appended.iterator();
        for (Event event : events) {
            if (!tracking.records(event)) {
                // Dropped by a tracking rule (CONTRACT §5): answered in place so the answer keeps the request's order.
                entries.addObject().put("recorded", false);
                continue;
            }
            Entry e = recorded.next().entry();
            entries.addObject()
                    .put("id", e.id())
                    .put("seq", e.seq())
                    .put("leaf_hash", hex.formatHex(e.leafHash()))
                    .put("recorded_at", Times.format(e.recordedAt()))
                    .put("recorded", true);
        }
        Json.send(res, 201, body);
    }

    void query(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.READ);
        Page page = store.query(tenant, queryParameters.parse(Requests.query(req, QueryParameters.NAMES)));
        ObjectNode body = Json.object();
        ArrayNode entries = body.putArray("entries");
        page.entries().forEach(e -> entries.add(EntryJson.toJson(e)));
        body.put("next_cursor", page.nextCursor());
        if (page.total() != null) body.put("total", page.total());
        Json.send(res, 200, body);
    }

    void entry(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.READ);
        String id = Requests.pathParam(req, "id");
        Entry entry = store.entry(tenant, id).orElseThrow(() -> ApiProblem.notFound("the tenant has no entry " + id));
        Checkpoint cp = store.checkpoint(tenant);
        ObjectNode body = EntryJson.toJson(entry);
        ObjectNode proof = body.putObject("proof");
        proof.set("checkpoint", CheckpointJson.of(cp));
        ArrayNode inclusion = proof.putArray("inclusion");
        HexFormat hex = HexFormat.of();
        Proofs.inclusion(entry.seq(), cp.size(), store.nodes(tenant)).forEach(h -> inclusion.add(hex.formatHex(h)));
        Json.send(res, 200, body);
    }

    /** JSON (or no type, or the form type {@code curl -d} sends) versus NDJSON; anything else is 415. */
    private static boolean ndjson(ServerRequest req) {
        String mediaType = RequestBodies.mediaType(req);
        return switch (mediaType) {
            case Json.MEDIA_TYPE -> false;
            case "application/x-ndjson", "application/ndjson", "application/jsonl" -> true;
            default -> throw ApiProblem.unsupportedMediaType("application/json or application/x-ndjson", mediaType);
        };
    }
}
