package dev.auditlog.core.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.checkpoint.NoteVerificationException;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.merkle.MultiProof;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Verifies a {@link JsonExport} document offline: the checkpoint's Ed25519 signature, each entry's content
 * against its leaf hash, the order of entries, and that entries plus the multi-proof rebuild the signed
 * root. Reports the first bad entry by seq and id.
 *
 * <p>The document is read as a stream; memory holds one leaf hash per entry. Parsing is sequential, but
 * recomputing leaf hashes (canonical encoding and SHA-256, about half the work) runs on all cores, a chunk
 * of entries at a time; the checks are then applied in document order, so the first bad entry reported is
 * the same as a sequential pass would find.
 */
public final class ExportVerifier {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The outcome: {@code ok}, a one-line summary or the problem, and the bad entry's seq (or -1). */
    public record Result(boolean ok, String message, long entries, long badSeq) {
        static Result fail(String message, long entries, long badSeq) {
            return new Result(false, message, entries, badSeq);
        }
    }

    private final String pinnedKey;

    /** @param pinnedKey the verifier key to trust, or null to trust the key the export names (and say so) */
    public ExportVerifier(String pinnedKey) {
        this.pinnedKey = pinnedKey;
    }

    public Result verify(InputStream in) throws IOException {
        State s = new State();
        try (JsonParser p = MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Result.fail("not an Auditlog JSON export", 0, -1);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "checkpoint" -> s.checkpoint = MAPPER.readTree(p);
                    case "tenant" -> s.tenant = p.getValueAsString();
                    case "entries" -> {
                        Result bad = readEntries(p, s);
                        if (bad != null) return bad;
                    }
                    case "proof" -> s.proof = MAPPER.readTree(p);
                    default -> p.skipChildren();
                }
            }
        }
        return conclude(s);
    }

    private static final class State {
        JsonNode checkpoint;
        JsonNode proof;
        String tenant;
        final TreeMap<Long, byte[]> leaves = new TreeMap<>();
        long lastSeq = Long.MAX_VALUE;
    }

    /** Entries parsed and hashed in parallel per chunk of this many. */
    private static final int CHUNK = 2048;

    /** One entry read back and rehashed, or why it could not be read. */
    private record Checked(Entry entry, byte[] recomputed, String unreadable) {
        static Checked of(JsonNode node, String tenant) {
            try {
                Entry entry = EntryJson.fromExportJson(node, tenant);
                return new Checked(entry, LeafEncoding.leafHash(entry), null);
            } catch (RuntimeException e) {
                return new Checked(null, null, e.getMessage());
            }
        }
    }

    private Result readEntries(JsonParser p, State s) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) return Result.fail("entries is not an array", 0, -1);
        List<JsonNode> chunk = new ArrayList<>(CHUNK);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            chunk.add(MAPPER.readTree(p));
            if (chunk.size() == CHUNK) {
                Result bad = check(chunk, s);
                if (bad != null) return bad;
                chunk.clear();
            }
        }
        return check(chunk, s);
    }

    /** Rehashes a chunk of entries in parallel, then checks them in document order. */
    private static Result check(List<JsonNode> chunk, State s) {
        Checked[] checked = chunk.parallelStream().map(n -> Checked.of(n, s.tenant)).toArray(Checked[]::new);
        for (Checked c : checked) {
            if (c.unreadable != null) {
                return Result.fail("entry #" + (s.leaves.size() + 1) + " cannot be read: " + c.unreadable, s.leaves.size(), -1);
            }
            Entry entry = c.entry;
            String name = "entry seq " + entry.seq() + " (" + entry.id() + ")";
            if (entry.seq() >= s.lastSeq) {
                return Result.fail(name + " is out of order or repeated: entries must be newest first", s.leaves.size(), entry.seq());
            }
            if (!Arrays.equals(c.recomputed, entry.leafHash())) {
                return Result.fail(name + " does not match its leaf hash: its content was changed", s.leaves.size(), entry.seq());
            }
            s.leaves.put(entry.seq(), c.recomputed);
            s.lastSeq = entry.seq();
        }
        return null;
    }

    private Result conclude(State s) {
        long count = s.leaves.size();
        if (s.checkpoint == null || s.proof == null) return Result.fail("the export has no checkpoint or no proof", count, -1);
        String key = pinnedKey != null ? pinnedKey : s.checkpoint.path("public_key").asText();
        NoteVerifier.ParsedCheckpoint signed;
        try {
            signed = NoteVerifier.fromVerifierKey(key).verifyCheckpoint(s.checkpoint.path("signed_note").asText());
        } catch (NoteVerificationException | IllegalArgumentException e) {
            return Result.fail("the checkpoint signature does not verify: " + e.getMessage(), count, -1);
        }
        List<MultiProof.Node> covering = new ArrayList<>();
        for (JsonNode n : s.proof.path("nodes")) {
            covering.add(new MultiProof.Node(n.path(0).asInt(), n.path(1).asLong(), Base64.getDecoder().decode(n.path(2).asText())));
        }
        MultiProof.Result rebuilt = MultiProof.root(signed.size(), s.leaves, covering);
        return switch (rebuilt) {
            case MultiProof.Result.Missing m -> Result.fail("entry seq " + m.leafIndex() + " is missing from the export", count, m.leafIndex());
            case MultiProof.Result.Unexpected u -> Result.fail("entry seq " + u.leafIndex()
                    + " is not part of the signed tree (added or moved)", count, u.leafIndex());
            case MultiProof.Result.Ok ok when !Arrays.equals(ok.root(), signed.rootHash()) -> Result.fail(
                    "the entries do not rebuild the signed root " + HexFormat.of().formatHex(signed.rootHash()), count, -1);
            case MultiProof.Result.Ok ok -> new Result(true, "OK: " + count + " entries of " + signed.origin()
                    + " verified against the signed checkpoint of size " + signed.size() + " (root "
                    + HexFormat.of().formatHex(ok.root()).substring(0, 16) + "…)"
                    + (pinnedKey == null ? "; key taken from the export — pass --public-key to pin it" : ""), count, -1);
        };
    }
}
