package dev.auditlog.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.merkle.Rfc6962;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Consecutive entries of an export, as byte ranges of one read buffer, and — once {@link #rehash} has run on a
 * worker — what each claims, what its content hashes to, and their leaves folded into subtrees.
 */
final class EntryChunk {
    static final int MAX_ENTRIES = 2048;
    /**
     * One fast path per worker thread for all its chunks, not one per chunk: besides the garbage, each new one
     * brings a fresh SHA-256 digest, whose first use through the JIT's SHA-256 stub leaves a field the plain
     * Java code had set unset; that flips a branch C2 had compiled into the hot methods and costs a
     * recompilation of them (0.35 s of one of the 2 cores on a first run).
     */
    private static final ThreadLocal<LeafFromJson> FAST = ThreadLocal.withInitial(LeafFromJson::new);

    private static final ObjectMapper LENIENT = new ObjectMapper();

    private final byte[] buf;
    /** The filters of the export each entry must be chosen by ({@link ViewCheck}); null for an export without. */
    private final Predicate<Entry> view;
    private final int[] bounds = new int[2 * MAX_ENTRIES];
    private int count;

    final long[] seqs = new long[MAX_ENTRIES];
    final byte[] leafHashes = new byte[MAX_ENTRIES * Rfc6962.HASH_SIZE];
    final boolean[] matches = new boolean[MAX_ENTRIES];
    /** Whether each entry is one the export's filters choose (always, without filters). */
    final boolean[] chosen = new boolean[MAX_ENTRIES];
    /** The erased entries, at their index (null for the rest): only the general path reads them. */
    final Entry[] erased = new Entry[MAX_ENTRIES];
    /** The readable entries' leaves, folded as they are rehashed. */
    final FoldedLeaves folded = new FoldedLeaves(MAX_ENTRIES);
    /** How many entries from the first could be read; {@link #problem} says why the next one could not. */
    int readable;
    String problem;

    EntryChunk(byte[] buf, Predicate<Entry> view) {
        this.buf = buf;
        this.view = view;
    }

    byte[] buffer() {
        return buf;
    }

    int count() {
        return count;
    }

    boolean full() {
        return count == MAX_ENTRIES;
    }

    /** Adds the entry in {@code buffer()[from, to)}; the chunk must not be {@link #full}. */
    void add(int from, int to) {
        bounds[2 * count] = from;
        bounds[2 * count + 1] = to;
        count++;
    }

    /**
     * Recomputes each entry's leaf hash — by {@link LeafFromJson} when it takes the entry, else the general way,
     * through an {@link Entry} — and stops at the first entry neither can read.
     *
     * <p>An entry's range may be a guess from its line ({@link ExportReader#lineValueEnd}), so each must be found
     * to hold exactly one value: the fast path takes an entry only if its object ends at the range's end, and
     * for the general path the range's brackets and strings are followed (Jackson would read the first value and
     * ignore what follows it). That scan may run past the data into the rest of a reused buffer; only whether it
     * ends exactly at the range's end counts, which the bytes before and at that end decide.
     */
    EntryChunk rehash() {
        LeafFromJson fast = FAST.get();
        for (readable = 0; readable < count; readable++) {
            int from = bounds[2 * readable];
            int to = bounds[2 * readable + 1];
            if (fast.read(buf, from, to)) {
                if (!judge(from, to)) break;
                record(fast.seq(), fast.leafHash(), fast.matchesClaim());
            } else if (JsonText.valueEnd(buf, from, buf.length) != to) {
                problem = "its line holds more or less than one entry, unlike the export's first entry";
                break;
            } else if (!rehashInGeneral(from, to)) {
                break;
            }
        }
        return this;
    }

    /**
     * The id of readable entry {@code i}, for naming it when it fails a check: read again, as only a bad entry
     * needs it, whichever path read it (a fast-path id has no escape, so both read it the same). Called on the
     * reading thread, so with a fast path of its own that does not outlive the call and keep the buffer.
     */
    String id(int i) {
        int from = bounds[2 * i];
        int to = bounds[2 * i + 1];
        LeafFromJson fast = new LeafFromJson();
        try {
            return fast.read(buf, from, to) ? fast.id() : readInGeneral(from, to).id();
        } catch (IOException e) {
            throw new IllegalStateException("entry #" + i + " of the chunk was read before", e);
        }
    }

    private boolean rehashInGeneral(int from, int to) {
        JsonNode tree = null;
        try {
            tree = ExportReader.MAPPER.readTree(buf, from, to - from);
            Entry entry = EntryJson.fromExportJson(tree, null); // the tenant is not hashed
            byte[] recomputed = LeafEncoding.leafHash(entry);
            if (entry.erased()) erased[readable] = entry;
            chosen[readable] = view == null || view.test(entry);
            record(entry.seq(), recomputed, Arrays.equals(recomputed, entry.leafHash()));
            return true;
        } catch (JsonProcessingException e) {
            problem = named(leniently(from, to)) + e.getOriginalMessage();
        } catch (IOException | RuntimeException e) {
            problem = named(tree) + e.getMessage();
        }
        return false;
    }

    /** The entry read as most JSON readers would (a member named twice: the last one), to name it; null if it is no JSON. */
    private JsonNode leniently(int from, int to) {
        try {
            return LENIENT.readTree(buf, from, to - from);
        } catch (IOException e) {
            return null;
        }
    }

    /** "seq N (id): " when an entry that cannot be read still says which it is, so that the report can name it. */
    private static String named(JsonNode tree) {
        if (tree == null || !tree.path("seq").isIntegralNumber() || !tree.get("seq").canConvertToLong()) return "";
        return "seq " + tree.get("seq").asLong() + (tree.path("id").isTextual() ? " (" + tree.get("id").textValue() + ")" : "") + ": ";
    }

    private Entry readInGeneral(int from, int to) throws IOException {
        return EntryJson.fromExportJson(ExportReader.MAPPER.readTree(buf, from, to - from), null); // the tenant is not hashed
    }

    /**
     * Sets whether the fast path's entry is one the filters choose: read again for what they look at ({@link
     * FilterFields}), as only a filtered export needs. False when it cannot be read so (the fast path read it, so that is no expected case).
     */
    private boolean judge(int from, int to) {
        if (view == null) {
            chosen[readable] = true;
            return true;
        }
        try {
            chosen[readable] = view.test(FilterFields.read(buf, from, to));
            return true;
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
            return false;
        }
    }

    private void record(long seq, byte[] leafHash, boolean matchesClaim) {
        seqs[readable] = seq;
        System.arraycopy(leafHash, 0, leafHashes, readable * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        matches[readable] = matchesClaim;
        folded.push(seq, leafHashes, readable * Rfc6962.HASH_SIZE);
    }
}
