package dev.auditlog.server.internal.archive;

import dev.auditlog.core.entry.Entry;
import java.io.IOException;
import java.util.List;

/** A destination entries are delivered to before a prune may remove them; a batch is in seq order. */
interface ArchiveSink {
    /** Returns only once the batch is durably accepted; throws to have it retried later. */
    void deliver(String tenant, List<Entry> batch) throws IOException;
}
