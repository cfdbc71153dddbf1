package dev.auditlog.server.internal.web;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import java.util.List;

/**
 * A tenant's newest entries, read once for one page: the Actor and Concerns suggestions ({@link NameSuggestions}) and
 * an empty view's id hints ({@link IdHint}) each look through the newest few hundred or thousand, and a page that
 * shows both reads the longer list only, the shorter being its start.
 */
final class NewestEntries {
    private final LogStore store;
    private final String tenant;
    private List<Entry> read = List.of();
    private int readUpTo;

    NewestEntries(LogStore store, String tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    /** The newest {@code count} entries (fewer if the log holds fewer), newest first. */
    List<Entry> upTo(int count) {
        if (count > readUpTo) {
            read = store.query(tenant, EntryQuery.all().withLimit(count)).entries();
            readUpTo = count;
        }
        return read.subList(0, Math.min(count, read.size()));
    }
}
