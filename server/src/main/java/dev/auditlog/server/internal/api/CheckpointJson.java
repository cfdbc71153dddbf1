package dev.auditlog.server.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.server.internal.http.Json;
import java.util.HexFormat;

/** A signed checkpoint as the API shows it (CONTRACT §6). */
final class CheckpointJson {
    private CheckpointJson() {
    }

    static ObjectNode of(Checkpoint cp) {
        return Json.object()
                .put("origin", cp.origin())
                .put("size", cp.size())
                .put("root_hash", HexFormat.of().formatHex(cp.rootHash()))
                .put("signed_note", cp.signedNote())
                .put("public_key", cp.publicKey());
    }
}
