package dev.auditlog.core.erasure;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store-independent part of {@link LogStore#erase}: passes over the tenant's log with one {@link SubjectScrubber},
 * each over the entries appended since the one before, handing the entries it changes to the store's rewrite.
 *
 * <h2>Why passes, and a last one with the writers held</h2>
 * Scanning and rewriting a large log takes seconds, and the product keeps sending events about the person meanwhile:
 * an erasure that covered only the log as it stood when it began left every one of them (150 to 350 entries in a
 * black-box run of erasures of 1 to 7 s under load). So the store runs a first pass over the log as it is, then, while
 * the log has grown by more than {@link #HELD_GAP} entries since, a few more passes with appends going on
 * ({@link #worthAFreePass}), and a last one with its writers held: no entry is acknowledged from the moment it reads
 * the log's size until the erasure's record is appended (and, on the embedded store, the raw copies removed, just
 * before the erasure answers). Every entry before that record is erased; the free passes keep the last one, and the
 * stall of ingest it costs, short.
 *
 * <p>Each pass first learns what the new entries attribute to the person (from those that carry their id as actor,
 * target or concern, the only ones {@link SubjectScrubber#learn} learns from), then scrubs them. An identifier first seen
 * in a later pass (a new e-mail address) is scrubbed from that pass's entries, not from the earlier ones; erasing
 * again reaches those.
 *
 * <p>Why chunks: a person can be in a large share of a log (the admin who did most of the work), and holding every
 * changed entry until the end ran a server with a 6 GB heap out of memory on 600,000 of them. The store writes the
 * chunks inside its transaction, which keeps a pass all-or-nothing.
 */
public final class SubjectErasure {
    /** Changed entries handed to the store's rewrite at a time. */
    public static final int CHUNK = 1_000;
    /** Entries appended since the last pass that the held pass takes on; more get a free pass first. */
    public static final long HELD_GAP = 10_000;
    /** Free passes at most after the first: under a sustained rate above the scan's, the gap never closes. */
    private static final int MAX_FREE_PASSES = 4;

    private final LogStore store;
    private final String tenant;
    private final String subjectId;
    private final String pseudonym;
    private final SubjectScrubber scrubber;
    /** The passes so far covered seqs {@code [0, covered)}. */
    private long covered;
    private long changed;
    private int passes;
    private int freePasses;

    public SubjectErasure(LogStore store, String tenant, String subjectId, String pseudonym) {
        this.store = store;
        this.tenant = tenant;
        this.subjectId = subjectId;
        this.pseudonym = pseudonym;
        this.scrubber = new SubjectScrubber(subjectId, pseudonym);
    }

    /**
     * One pass over the entries from the last pass's end up to {@code size}: learns from them, then hands {@code write}
     * the ones it changes, at most {@link #CHUNK} at a time, for the store to rewrite in its transaction. Returns how
     * many it changed. The next pass begins at {@code size}, and {@link #erasure} counts this one's entries: should the
     * store's transaction fail, the erasure fails with it.
     */
    public long pass(long size, Consumer<List<Entry>> write) {
        if (size <= covered) return 0;
        // learning reads only the entries with the subject's id, which the database finds without handing over the rest
        store.scan(tenant, EntryQuery.byActor(subjectId), covered, size, scrubber::learn);
        store.scan(tenant, EntryQuery.concerning(subjectId), covered, size, scrubber::learn);
        List<Entry> chunk = new ArrayList<>(CHUNK);
        long[] passChanged = new long[1];
        store.scan(tenant, EntryQuery.all(), covered, size, e -> scrubber.scrub(e).ifPresent(erased -> {
            chunk.add(erased);
            passChanged[0]++;
            if (chunk.size() == CHUNK) {
                write.accept(chunk);
                chunk.clear();
            }
        }));
        if (!chunk.isEmpty()) write.accept(chunk);
        covered = size;
        changed += passChanged[0];
        passes++;
        return passChanged[0];
    }

    /**
     * Whether the log, now {@code size} entries, has outgrown the passes so far by more than {@link #HELD_GAP}, and a
     * free pass is left: the store then runs another pass before it holds its writers.
     */
    public boolean worthAFreePass(long size) {
        if (size - covered <= HELD_GAP || freePasses == MAX_FREE_PASSES) return false;
        freePasses++;
        return true;
    }

    /** How many passes read entries: one more than the free passes, less when the log did not grow meanwhile. */
    public int passes() {
        return passes;
    }

    /** What the passes did: the pseudonym and how many entries they changed. */
    public Erasure erasure() {
        return new Erasure(pseudonym, changed);
    }
}
