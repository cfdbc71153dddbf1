package dev.auditlog.server.internal.web;

import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the audit log's "← Newer" and "Older →" lead. The store pages only towards older entries (a cursor
 * means "before this seq"), so under a filter a page cannot work out the cursor of the page above it. Instead
 * every Older link carries, in {@code back}, the cursors of the pages above the one it leads to, and Newer
 * takes the last of them off: it returns exactly one page, filtered or not, and a page opened from a
 * bookmark pages back the same way.
 *
 * <p>{@code back} keeps the {@value #MAX_DEPTH} latest cursors, so the URL stays well within what servers
 * and browsers accept; after that many pages, Newer from the deepest ones leads to the first page.
 *
 * @param cursor the current page's cursor, null on the first page
 * @param back   the cursors of the pages between the first page and this one, oldest page last
 */
record Pager(String cursor, List<String> back) {
    static final String CURSOR = "cursor";
    static final String BACK = "back";
    static final int MAX_DEPTH = 100;
    /** Not in the base64url alphabet of cursors. */
    private static final String SEPARATOR = ".";

    static Pager of(ServerRequest req) {
        String cursor = req.query().first(CURSOR).asOptional().orElse(null);
        List<String> back = req.query().first(BACK).asOptional().filter(b -> cursor != null && !b.isEmpty())
                .map(b -> List.of(b.split("\\" + SEPARATOR))).orElse(List.of());
        return new Pager(cursor, back);
    }

    /** The query of this page: empty on the first page. */
    Map<String, String> here() {
        return cursor == null ? Map.of() : query(cursor, back);
    }

    /** The query of the page above, null on the first page. */
    Map<String, String> newer() {
        if (cursor == null) return null;
        if (back.isEmpty()) return Map.of();
        return query(back.getLast(), back.subList(0, back.size() - 1));
    }

    /** The query of the page below, which starts at {@code nextCursor}. */
    Map<String, String> older(String nextCursor) {
        List<String> above = new ArrayList<>(back);
        if (cursor != null) above.add(cursor);
        return query(nextCursor, above.subList(Math.max(0, above.size() - MAX_DEPTH), above.size()));
    }

    private static Map<String, String> query(String cursor, List<String> back) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(CURSOR, cursor);
        if (!back.isEmpty()) q.put(BACK, String.join(SEPARATOR, back));
        return q;
    }
}
