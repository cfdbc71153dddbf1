package dev.auditlog.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.checkpoint.NoteVerificationException;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.checkpoint.TenantKeyring;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.merkle.MultiProof;
import dev.auditlog.core.store.InvalidQueryException;
import dev.auditlog.core.store.QueryParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verifies a {@link JsonExport} document offline: the checkpoint's Ed25519 signature, each entry's content
 * against its leaf hash, the order of entries, and that entries plus the multi-proof rebuild the signed
 * root. Reports the first bad entry by seq and id.
 *
 * <p>What the proof cannot show, the verifier checks against what the export claims. The multi-proof stands in
 * for the entries an export leaves out, and it would stand in just as well for an entry someone deleted and
 * replaced by its leaf hash. So an export without filters may leave out only the oldest entries (those the
 * retention prune removes), and must hold at least one; a filtered export says how many entries its filters
 * leave out, which it does not vouch for, and they must be a query the API accepts. The checkpoint's plain members
 * and the export's {@code tenant} must say what the signed note says. Above all, the export's signed
 * {@link ExportStatement} must hold: its filters, time and number of entries, so that an entry deleted and
 * replaced by its leaf hash in the proof is caught even in a filtered export; and each entry of a filtered export must
 * be one its filters choose ({@link ViewCheck}), or one they left out could take the place of one of theirs, deleted,
 * the count still holding. Exports made before the statement
 * ({@link JsonExport#FORMAT_WITHOUT_STATEMENT}) verify without it when asked, and their summary says so. An erased
 * entry's leaf covers only the commitment to its personal fields, so what it shows instead is vouched for by the
 * statement ({@link ErasedContent}); an export without one verifies only if it holds no erased entry.
 *
 * <p>The document is read as a stream through a window of raw bytes ({@link ExportReader}); memory holds the
 * entries' leaves, folded into subtrees ({@link LeafStore}), plus a few chunks of entries in flight. The reading
 * thread only finds where each entry's JSON starts and ends (by its line alone when the export puts one entry
 * per line, as {@link JsonExport} does); worker threads, one per core, recompute the leaf hashes
 * of a chunk of entries at a time, straight from the bytes where {@link LeafFromJson} can. The checks are then
 * applied in document order, so the first bad entry reported is the one a sequential pass would find.
 */
public final class ExportVerifier {
    private static final int WORKERS = Runtime.getRuntime().availableProcessors();
    /** Chunks read ahead of the oldest one not yet checked: bounds memory, keeps every worker busy. */
    private static final int MAX_IN_FLIGHT = 2 * WORKERS;

    /**
     * The outcome: {@code ok}, a one-line summary or the problem, and the bad entry's seq (or -1). The message quotes
     * the file (an entry's id, a member's name), which whoever made it chose: its control and format characters are
     * shown as {@code \\uXXXX}, so that no terminal escape or bidi override in a tampered export can rewrite the line a
     * terminal shows ("FAILED: …" erased and "OK: …" drawn over it).
     */
    public record Result(boolean ok, String message, long entries, long badSeq) {
        public Result {
            message = printable(message);
        }

        private static String printable(String text) {
            StringBuilder shown = null;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                int type = Character.getType(c);
                boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR;
                if (hidden && shown == null) shown = new StringBuilder(text.length() + 16).append(text, 0, i);
                if (hidden) shown.append(String.format("\\u%04X", (int) c));
                else if (shown != null) shown.append(c);
            }
            return shown == null ? text : shown.toString();
        }

        static Result fail(String message, long entries, long badSeq) {
            return new Result(false, message, entries, badSeq);
        }
    }

    private final String pinnedKey;
    private final boolean allowFormat1;

    /** @param pinnedKey the verifier key to trust, or null to trust the key the export names (and say so) */
    public ExportVerifier(String pinnedKey) {
        this(pinnedKey, false);
    }

    /**
     * @param allowFormat1 also verify exports of {@link JsonExport#FORMAT_WITHOUT_STATEMENT}, made before exports
     *                     signed their number of entries and filters. Off by default: removing an export's statement
     *                     and naming that format would otherwise hide a deletion from a filtered export.
     */
    public ExportVerifier(String pinnedKey, boolean allowFormat1) {
        this.pinnedKey = pinnedKey;
        this.allowFormat1 = allowFormat1;
    }

    /** @throws IOException when the stream cannot be read (a document that is not JSON is a failed result) */
    public Result verify(InputStream in) throws IOException {
        try {
            return read(new ExportReader(in));
        } catch (ExportReader.MalformedException e) {
            return Result.fail("the export is not valid JSON " + e.getMessage(), 0, -1);
        }
    }

    private Result read(ExportReader reader) throws IOException {
        reader.skipByteOrderMark();
        if (reader.atCsvHeader()) return Result.fail("a CSV export, which carries no proof: export as JSON to verify", 0, -1);
        if (!reader.take('{')) return Result.fail("not an Auditlog JSON export", 0, -1);
        JsonNode checkpoint = null;
        JsonNode proof = null;
        JsonNode tenant = null;
        JsonNode filters = null;
        JsonNode exportedAt = null;
        JsonNode statement = null;
        boolean signsStatement = true;
        LeafStore leaves = new LeafStore();
        ErasedContent erased = new ErasedContent();
        Set<String> members = new HashSet<>();
        boolean filtersAfterEntries = false;
        ViewCheck view = ViewCheck.of(null, null);
        if (!reader.take('}')) {
            do {
                String member = reader.name();
                if (!members.add(member)) return Result.fail("the export has more than one '" + member + "' member", leaves.size(), -1);
                switch (member) {
                    case "checkpoint" -> checkpoint = reader.tree();
                    case "entries" -> {
                        if (filters == null) filtersAfterEntries = true;
                        view = ViewCheck.of(filters, exportedAt);
                        Result bad = readEntries(reader, leaves, erased, view);
                        if (bad != null) return bad;
                    }
                    case "proof" -> proof = reader.tree();
                    case "tenant" -> tenant = reader.tree();
                    case "format" -> {
                        JsonNode format = reader.tree();
                        signsStatement = !format.asText().equals(JsonExport.FORMAT_WITHOUT_STATEMENT);
                        if (signsStatement && !format.asText().equals(JsonExport.FORMAT)
                                && !format.asText().equals(JsonExport.FORMAT_WITHOUT_LEAF_VERSIONS)) {
                            return Result.fail("the export's format is " + format + "; this verifier reads " + JsonExport.FORMAT + ", "
                                    + JsonExport.FORMAT_WITHOUT_LEAF_VERSIONS + " and " + JsonExport.FORMAT_WITHOUT_STATEMENT, 0, -1);
                        }
                        if (!signsStatement && !allowFormat1) {
                            return Result.fail("the export is of format " + JsonExport.FORMAT_WITHOUT_STATEMENT + ", whose number of "
                                    + "entries and filters are not signed (exports of earlier versions); allow that format (verify "
                                    + "--allow-format-1) to verify it as such", 0, -1);
                        }
                    }
                    case "exported_at" -> exportedAt = reader.tree();
                    case "statement" -> statement = reader.tree();
                    case "filters" -> filters = reader.tree();
                    default -> reader.skipTo(reader.valueEnd());
                }
            } while (reader.take(','));
            reader.expect('}');
        }
        if (reader.peek() >= 0) return Result.fail("the export has more after its end", leaves.size(), -1);
        Claims claims = new Claims(tenant, filters, exportedAt, statement, signsStatement);
        if (filtersAfterEntries && !claims.unfiltered()) {
            return Result.fail("the export's filters come after its entries, which therefore could not be held to them: an export "
                    + "puts its filters first (a copy written with its keys sorted, as by jq -S, moves them: verify the download)",
                    leaves.size(), -1);
        }
        Result concluded = conclude(checkpoint, proof, claims, leaves, erased);
        // Only once the filters are seen to be the signed ones is an entry outside them one added in place of theirs.
        return concluded.ok() && view.firstOutside() != null ? view.firstOutside() : concluded;
    }

    /** Reads the entries array, handing chunks of entries to the workers; returns the first failure, if any. */
    private static Result readEntries(ExportReader reader, LeafStore leaves, ErasedContent erased, ViewCheck view) throws IOException {
        if (reader.peek() != '[') return Result.fail("entries is not an array", 0, -1);
        reader.expect('[');
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().daemon().factory());
        try {
            Deque<Future<EntryChunk>> inFlight = new ArrayDeque<>();
            EntryChunk chunk = new EntryChunk(reader.buffer(), view.matcher());
            if (!reader.take(']')) {
                do {
                    int end = reader.lineValueEnd(); // a guess that EntryChunk confirms
                    if (chunk.full() || reader.buffer() != chunk.buffer()) { // a chunk's entries share one buffer
                        Result bad = submit(chunk, inFlight, workers, leaves, erased, reader, view);
                        if (bad != null) return bad;
                        chunk = new EntryChunk(reader.buffer(), view.matcher());
                    }
                    chunk.add(reader.position(), end);
                    reader.skipTo(end);
                } while (reader.take(','));
                reader.expect(']');
            }
            Result bad = submit(chunk, inFlight, workers, leaves, erased, reader, view);
            while (bad == null && !inFlight.isEmpty()) bad = check(done(inFlight.poll()), leaves, erased, reader, view);
            return bad;
        } finally {
            workers.shutdownNow();
        }
    }

    /** Starts rehashing {@code chunk}, then checks the oldest chunks that are done, or must be to bound memory. */
    private static Result submit(EntryChunk chunk, Deque<Future<EntryChunk>> inFlight, ExecutorService workers,
                                 LeafStore leaves, ErasedContent erased, ExportReader reader, ViewCheck view) throws IOException {
        if (chunk.count() > 0) inFlight.add(workers.submit(chunk::rehash));
        while (!inFlight.isEmpty() && (inFlight.size() > MAX_IN_FLIGHT || inFlight.peek().isDone())) {
            Result bad = check(done(inFlight.poll()), leaves, erased, reader, view);
            if (bad != null) return bad;
        }
        return null;
    }

    private static EntryChunk done(Future<EntryChunk> rehashing) throws IOException {
        try {
            return rehashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while verifying");
        } catch (ExecutionException e) {
            throw new IllegalStateException("rehashing entries failed", e.getCause());
        }
    }

    /**
     * Applies the checks to a rehashed chunk's entries in document order, then keeps their folded leaves and
     * adds its erased entries to what the statement must vouch for; returns
     * the first failure, if any. Chunks are checked in the order they were read, so once one is, the read buffers
     * before its own are no longer referred to, and the reader may fill them again.
     */
    private static Result check(EntryChunk c, LeafStore leaves, ErasedContent erased, ExportReader reader, ViewCheck view) {
        long previous = leaves.lastSeq();
        for (int i = 0; i < c.readable; i++) {
            long seq = c.seqs[i];
            if (seq >= previous) {
                return Result.fail(name(c, i) + " is out of order or repeated: entries must be newest first", leaves.size() + i, seq);
            }
            if (!c.matches[i]) {
                return Result.fail(name(c, i) + " does not match its leaf hash: its content was changed", leaves.size() + i, seq);
            }
            if (!c.chosen[i] && view.firstOutside() == null) view.outside(name(c, i), leaves.size() + i, seq);
            if (c.erased[i] != null) erased.add(c.erased[i]);
            previous = seq;
        }
        leaves.add(c.folded, c.readable, previous);
        reader.checked(c.buffer());
        if (c.readable < c.count()) {
            return Result.fail("entry #" + (leaves.size() + 1) + " cannot be read: " + c.problem, leaves.size(), -1);
        }
        return null;
    }

    private static String name(EntryChunk c, int i) {
        return "entry seq " + c.seqs[i] + " (" + c.id(i) + ")";
    }

    /** What the export says about itself outside the signed note: its tenant and the filters it was made with. */
    private record Claims(JsonNode tenant, JsonNode filters, JsonNode exportedAt, JsonNode statement, boolean signsStatement) {
        boolean unfiltered() {
            return filters == null || filters.isNull() || filters.isObject() && filters.isEmpty();
        }

        /**
         * Why the filters cannot be those of a real export, or null. They decide what the export may leave out, so
         * they must at least be a query the API accepts: an object of known filter names with valid values.
         */
        String problem() {
            if (unfiltered()) return null;
            if (!filters.isObject()) return "the export's filters are not an object";
            Map<String, String> query = new LinkedHashMap<>();
            for (var f : filters.properties()) {
                if (!QueryParameters.FILTERS.contains(f.getKey())) return "the export's filters name " + f.getKey() + ", which is no filter";
                if (!f.getValue().isTextual() || QueryParameters.given(f.getKey(), f.getValue().textValue()) == null) {
                    return "the export's filter " + f.getKey() + " has no value";
                }
                query.put(f.getKey(), f.getValue().textValue());
            }
            try {
                new QueryParameters(Clock.systemUTC()).parse(query);
                return null;
            } catch (InvalidQueryException e) {
                return "the export's filters are no valid query: " + e.getMessage();
            }
        }

        String describeFilters() {
            return ViewCheck.describe(filters);
        }
    }

    private Result conclude(JsonNode checkpoint, JsonNode proof, Claims claims, LeafStore leaves, ErasedContent erased) {
        long count = leaves.size();
        if (checkpoint == null || proof == null) return Result.fail("the export has no checkpoint or no proof", count, -1);
        if (!checkpoint.isObject() || !proof.isObject()) return Result.fail("the export's checkpoint or proof is not an object", count, -1);
        String key = pinnedKey != null ? pinnedKey : checkpoint.path("public_key").asText();
        NoteVerifier verifier;
        NoteVerifier.ParsedCheckpoint signed;
        try {
            verifier = NoteVerifier.fromVerifierKey(key);
            signed = verifier.verifyCheckpoint(checkpoint.path("signed_note").asText());
        } catch (NoteVerificationException | IllegalArgumentException e) {
            return Result.fail("the checkpoint signature does not verify: " + e.getMessage(), count, -1);
        }
        String claimed = claims.problem();
        if (claimed == null) claimed = unsignedMismatch(checkpoint, proof, claims, signed);
        if (claimed != null) return Result.fail(claimed, count, -1);
        List<MultiProof.Node> covering;
        MultiProof.Result rebuilt;
        try {
            covering = coveringNodes(proof.get("nodes"));
            rebuilt = MultiProof.root(signed.size(), leaves.ascending(), covering);
        } catch (IllegalArgumentException e) {
            return Result.fail("the export's proof is malformed: " + e.getMessage(), count, -1);
        }
        return switch (rebuilt) {
            case MultiProof.Result.Missing m -> Result.fail("entry seq " + m.leafIndex() + " is missing from the export", count, m.leafIndex());
            case MultiProof.Result.Unexpected u -> Result.fail("entry seq " + u.leafIndex()
                    + " is not part of the signed tree (added or moved)", count, u.leafIndex());
            case MultiProof.Result.Ok ok when !Arrays.equals(ok.root(), signed.rootHash()) -> Result.fail(
                    "the entries do not rebuild the signed root " + HexFormat.of().formatHex(signed.rootHash()), count, -1);
            case MultiProof.Result.Ok ok -> {
                Result omissions = judgeOmissions(claims, covering, signed.size(), leaves, erased.count(), ok.root(), signed.origin());
                String statementProblem = statementProblem(verifier, claims, signed, count, erased);
                yield !omissions.ok() || statementProblem == null ? trusting(omissions, key) : Result.fail(statementProblem, count, -1);
            }
        };
    }

    /** The proof's nodes, each {@code [level, index, base64 hash]}. */
    private static List<MultiProof.Node> coveringNodes(JsonNode nodes) {
        if (nodes == null || !nodes.isArray()) throw new IllegalArgumentException("its nodes are not an array");
        List<MultiProof.Node> covering = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            if (!(n.isArray() && n.size() == 3 && n.get(0).canConvertToInt() && n.get(0).isIntegralNumber()
                    && n.get(1).isIntegralNumber() && n.get(1).canConvertToLong() && n.get(2).isTextual())) {
                throw new IllegalArgumentException("node #" + (covering.size() + 1) + " is not [level, index, base64 hash]: " + n);
            }
            try {
                covering.add(new MultiProof.Node(n.get(0).intValue(), n.get(1).longValue(), Base64.getDecoder().decode(n.get(2).textValue())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node #" + (covering.size() + 1) + "'s hash is not base64: " + n, e);
            }
        }
        return covering;
    }

    /**
     * What contradicts the export's signed statement, or null: the tree it proves against, its filters, when it was
     * made, how many entries it holds and what its erased entries show. Exports of the format before the
     * statement have none to check.
     */
    private static String statementProblem(NoteVerifier verifier, Claims claims, NoteVerifier.ParsedCheckpoint signed, long count,
                                           ErasedContent erased) {
        if (!claims.signsStatement()) {
            if (claims.statement() != null) {
                return "the export carries a signed statement but names format " + JsonExport.FORMAT_WITHOUT_STATEMENT + ": its format was changed";
            }
            // Without a statement nothing vouches for what an erased entry shows, and any entry can be marked erased
            // (its commitment is computable from what the export carries): its fields could be rewritten unseen.
            return erased.count() == 0 ? null : name(erased.first()) + " is marked erased, but an export of format "
                    + JsonExport.FORMAT_WITHOUT_STATEMENT + " has no signed statement to vouch for what an erased entry shows: "
                    + "export again to verify it";
        }
        if (claims.statement() == null || !claims.statement().isTextual()) return "the export has no signed statement of what it holds";
        ExportStatement statement;
        try {
            statement = ExportStatement.parse(verifier.verify(claims.statement().textValue()));
        } catch (NoteVerificationException | IllegalArgumentException e) {
            return "the export's statement does not verify: " + e.getMessage();
        }
        if (!statement.origin().equals(signed.origin()) || statement.treeSize() != signed.size()
                || !Arrays.equals(statement.rootHash(), signed.rootHash())) {
            return "the export's signed statement is about another tree than its checkpoint";
        }
        if (!statement.filters().equals(ExportStatement.canonicalFilters(claims.filters()))) {
            return "the export's filters are not those its signed statement names: " + statement.filters();
        }
        if (claims.exportedAt() == null || !statement.exportedAt().equals(claims.exportedAt().asText())) {
            return "the export's exported_at is not its signed statement's (" + statement.exportedAt() + ")";
        }
        if (statement.entries() != count) { // checked last: the omission rules name a missing entry when they can
            return "the export holds " + count + " entries but its signed statement says " + statement.entries()
                    + ": entries were removed or added";
        }
        return erasedProblem(statement, erased);
    }

    /** What contradicts the statement about the erased entries, naming the entry when it can; or null. */
    private static String erasedProblem(ExportStatement statement, ErasedContent erased) {
        long found = erased.count();
        if (found == 0 && statement.erasedEntries() == 0) return null;
        if (statement.erasedDigest() == null || statement.erasedEntries() == 0) {
            return name(erased.first()) + " is marked erased, but the export's signed statement vouches for no erased entry"
                    + (statement.erasedDigest() == null ? " (exports made before statements did cannot): export again to verify it"
                    : ": it was marked erased after the export was made");
        }
        if (found != statement.erasedEntries()) {
            return "the export holds " + found + " erased entries but its signed statement vouches for " + statement.erasedEntries()
                    + ": an entry was marked erased after the export was made";
        }
        if (!Arrays.equals(erased.digest(), statement.erasedDigest())) {
            return "what the export's " + found + " erased entries show is not what its signed statement vouches for: the "
                    + "personal fields of an erased entry were changed (the statement holds one digest for all of them, so "
                    + "it cannot say which)";
        }
        return null;
    }

    private static String name(Entry entry) {
        return "entry seq " + entry.seq() + " (" + entry.id() + ")";
    }

    /**
     * The first member outside the signed note that contradicts it, described; or null. A reader sees those
     * members first, so an edit there must not pass as verified.
     */
    private static String unsignedMismatch(JsonNode checkpoint, JsonNode proof, Claims claims, NoteVerifier.ParsedCheckpoint signed) {
        JsonNode origin = checkpoint.get("origin");
        if (origin != null && !origin.asText().equals(signed.origin())) {
            return "the checkpoint's origin " + origin + " is not the signed note's (" + signed.origin() + ")";
        }
        JsonNode size = checkpoint.get("size");
        if (size != null && !(size.canConvertToExactIntegral() && size.asLong() == signed.size())) {
            return "the checkpoint's size " + size + " is not the signed note's (" + signed.size() + ")";
        }
        JsonNode treeSize = proof.get("tree_size");
        if (treeSize != null && !(treeSize.canConvertToExactIntegral() && treeSize.asLong() == signed.size())) {
            return "the proof's tree_size " + treeSize + " is not the signed note's size (" + signed.size() + ")";
        }
        JsonNode rootHash = checkpoint.get("root_hash");
        String signedRoot = HexFormat.of().formatHex(signed.rootHash());
        if (rootHash != null && !rootHash.asText().equals(signedRoot)) {
            return "the checkpoint's root_hash " + rootHash + " is not the signed note's (" + signedRoot + ")";
        }
        if (claims.tenant() != null && !signed.origin().equals(TenantKeyring.ORIGIN_PREFIX + claims.tenant().asText())) {
            return "the export names tenant " + claims.tenant() + " but its checkpoint is signed for " + signed.origin();
        }
        return null;
    }

    /**
     * The verdict on a proof that holds: what the export leaves out must be what it says it leaves out. Without
     * filters that is at most the oldest entries, those the retention prune removes (a node of the proof that
     * covers a later leaf stands for a deleted entry); with filters, how many it leaves out is said.
     */
    private Result judgeOmissions(Claims claims, List<MultiProof.Node> covering, long treeSize, LeafStore leaves, long erased,
                                  byte[] root, String origin) {
        long count = leaves.size();
        long left = treeSize - count;
        String verified = "OK: " + (count == 1 ? "1 entry" : count + " entries") + " of " + origin + " verified against the signed checkpoint of size "
                + treeSize + " (root " + HexFormat.of().formatHex(root).substring(0, 16) + "…)";
        String omitted = "";
        if (claims.unfiltered() && left > 0) {
            if (count == 0) return Result.fail("the export names no filters but holds none of the log's " + treeSize + " entries", 0, -1);
            long oldestExported = leaves.lastSeq();
            long firstGap = Long.MAX_VALUE;
            for (MultiProof.Node n : covering) {
                long first = n.index() << n.level();
                if (first > oldestExported) firstGap = Math.min(firstGap, first);
            }
            if (firstGap != Long.MAX_VALUE) {
                return Result.fail("entry seq " + firstGap + " is missing from the export: it names no filters, so only "
                        + "the oldest entries, which the retention prune removes, may be absent", count, firstGap);
            }
            omitted = "; the oldest " + left + " (seq 0 to " + (left - 1) + ") are not in it, as after a retention prune";
        } else if (left > 0) {
            omitted = "; its filters (" + claims.describeFilters() + ") leave out " + left + " entries, which it does not vouch for";
        }
        String erasure = erased == 0 ? "" : "; " + erased + " of them erased (personal fields replaced by pseudonyms, as the "
                + "signed statement vouches)";
        String unsigned = claims.signsStatement() ? ""
                : "; an export of format " + JsonExport.FORMAT_WITHOUT_STATEMENT + ", whose entry count and filters are not signed";
        return new Result(true, verified + omitted + erasure + unsigned, count, -1);
    }

    /**
     * A verdict that says, when no key was pinned, that the key it trusted came from the export itself: whoever
     * rewrote the file could have re-signed it with a key of their own, so only a key obtained from the server (or
     * published by its operator) shows that the export is the log's.
     */
    private Result trusting(Result verdict, String key) {
        if (!verdict.ok() || pinnedKey != null) return verdict;
        return new Result(true, verdict.message() + "; signed by the key the export itself names (" + key + "), so this "
                + "shows only that the file agrees with itself: pass the tenant's key from your server (GET …/checkpoint, "
                + "public_key) as --public-key to show that it is the log's", verdict.entries(), verdict.badSeq());
    }
}
