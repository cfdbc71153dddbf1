package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.event.Text;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.server.internal.auth.Access;
import dev.auditlog.server.internal.auth.Scope;
import dev.auditlog.server.internal.http.ApiProblem;
import dev.auditlog.server.internal.http.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/** The signed checkpoint and consistency proofs between tree sizes (CONTRACT §6). */
final class IntegrityApi {
    private final LogStore store;
    private final Access access;

    IntegrityApi(LogStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    void checkpoint(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.READ);
        Requests.noParameters(req);
        Json.send(res, 200, CheckpointJson.of(store.checkpoint(tenant)));
    }

    void consistency(ServerRequest req, ServerResponse res) {
        String tenant = Requests.tenant(req);
        access.require(req, tenant, Scope.READ);
        Map<String, String> params = Requests.query(req, Set.of("from", "to"));
        Checkpoint cp = store.checkpoint(tenant);
        long to = size(params, "to", cp.size(), cp.size());
        long from = size(params, "from", -1, cp.size());
        if (from < 0) throw ApiProblem.invalid("/query/from", "from is required");
        if (from > to) throw ApiProblem.invalid("/query/from", "from may not be larger than to");
        ObjectNode body = Json.object();
        ArrayNode hashes = body.putArray("hashes");
        HexFormat hex = HexFormat.of();
        Proofs.consistency(from, to, store.nodes(tenant)).forEach(h -> hashes.add(hex.formatHex(h)));
        Json.send(res, 200, body);
    }

    private static long size(Map<String, String> params, String name, long absent, long max) {
        String v = params.get(name);
        if (v == null || v.isBlank()) return absent;
        long n = Text.asciiNumber(v.strip());
        if (n >= 0 && n <= max) return n;
        throw ApiProblem.invalid("/query/" + name, name + " must be a tree size from 0 to the current size " + max);
    }
}
