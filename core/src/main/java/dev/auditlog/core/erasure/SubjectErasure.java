package dev.auditlog.core.erasure;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store-independent part of {@link LogStore#erase}: two scans of the tenant's log with a
 * {@link SubjectScrubber}, then one call to the store's rewrite of the changed entries' personal fields.
 *
 * <p>The scans cover the log up to its current checkpoint; an event about the subject appended while an
 * erasure runs is not scrubbed by it (erasing again is harmless and catches it).
 */
public final class SubjectErasure {
    private SubjectErasure() {
    }

    /**
     * @param rewrite stores the scrubbed entries' personal fields (and their commitment in place of the salt);
     *                never called with an entry whose leaf hash differs from the stored one
     */
    public static Erasure run(LogStore store, String tenant, String subjectId, String pseudonym,
                              Consumer<List<Entry>> rewrite) {
        long size = store.checkpoint(tenant).size();
        SubjectScrubber scrubber = new SubjectScrubber(subjectId, pseudonym);
        store.scan(tenant, EntryQuery.all(), size, scrubber::learn);
        List<Entry> changed = new ArrayList<>();
        store.scan(tenant, EntryQuery.all(), size, e -> scrubber.scrub(e).ifPresent(changed::add));
        if (!changed.isEmpty()) rewrite.accept(changed);
        return new Erasure(pseudonym, changed.size());
    }
}
