package dev.auditlog.core.erasure;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store-independent part of {@link LogStore#erase}: two scans of the tenant's log with a
 * {@link SubjectScrubber}; the second hands the changed entries, a chunk at a time, to the store's rewrite of
 * their personal fields, which runs inside one transaction of the store's around the whole scan.
 *
 * <p>Why chunks inside one transaction: a person can be in a large share of a log (the admin who did most of
 * the work), and holding every changed entry until the end ran a server with a 6 GB heap out of memory on
 * 600,000 of them. The single transaction keeps the erasure all-or-nothing as before.
 *
 * <p>The scans cover the log up to its current checkpoint; an event about the subject appended while an
 * erasure runs is not scrubbed by it (erasing again is harmless and catches it).
 */
public final class SubjectErasure {
    /** Changed entries handed to the store's rewrite at a time. */
    public static final int CHUNK = 1_000;

    private SubjectErasure() {
    }

    /** A store's side of an erasure. */
    @FunctionalInterface
    public interface Rewrite {
        /**
         * Opens one transaction, runs {@code chunks} in it with a writer that stores a chunk's personal fields
         * (and their commitment in place of the salt), and commits when it returns; rolls back if it throws.
         * The writer is never handed an entry whose leaf hash differs from the stored one. The erasure {@code chunks}
         * returns is known before the commit, for the store to keep its record in the same transaction; once committed,
         * it is what this returns.
         */
        Erasure inOneTransaction(ScrubbedChunks chunks);
    }

    /** The second scan, producing the changed entries. */
    @FunctionalInterface
    public interface ScrubbedChunks {
        /**
         * Scans the log, handing {@code write} the changed entries, at most {@link #CHUNK} at a time; returns the
         * erasure, with how many.
         */
        Erasure writeTo(Consumer<List<Entry>> write);
    }

    public static Erasure run(LogStore store, String tenant, String subjectId, String pseudonym, Rewrite rewrite) {
        long size = store.checkpoint(tenant).size();
        SubjectScrubber scrubber = new SubjectScrubber(subjectId, pseudonym);
        store.scan(tenant, EntryQuery.all(), size, scrubber::learn);
        return rewrite.inOneTransaction(write -> {
            List<Entry> chunk = new ArrayList<>(CHUNK);
            long[] changed = new long[1];
            store.scan(tenant, EntryQuery.all(), size, e -> scrubber.scrub(e).ifPresent(erased -> {
                chunk.add(erased);
                if (chunk.size() == CHUNK) {
                    write.accept(chunk);
                    chunk.clear();
                }
                changed[0]++;
            }));
            if (!chunk.isEmpty()) write.accept(chunk);
            return new Erasure(pseudonym, changed[0]);
        });
    }
}
