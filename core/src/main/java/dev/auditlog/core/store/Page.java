package dev.auditlog.core.store;

import dev.auditlog.core.entry.Entry;
import java.util.List;

/** One page of a query: entries newest first, the cursor of the next page (null at the end), the total when asked. */
public record Page(List<Entry> entries, String nextCursor, Long total) {
}
