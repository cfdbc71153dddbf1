package dev.auditlog.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.store.EntryMatcher;
import dev.auditlog.core.store.InvalidQueryException;
import dev.auditlog.core.store.QueryParameters;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What each entry of a filtered export is held to: one of the entries its filters choose ({@link EntryMatcher}), read
 * as of its {@code exported_at}, when the server read them (a period such as {@code this_month} then). The proof shows
 * an entry is in the signed tree and the statement signs how many the filters chose; only this shows that an entry
 * the filters left out does not stand in for one of theirs, deleted.
 *
 * <p>An entry outside the filters is reported only when everything else holds: were the export's filters edited, that
 * they are not the signed ones is what went wrong, not that entries fall outside them.
 */
final class ViewCheck {
    /** The test, or null when the export has no filters (or none a query takes, which the verifier reports on its own). */
    private final Predicate<Entry> matcher;
    /** The filters as the verifier names them: {@code channel=billing, q=invoice}. */
    private final String described;
    private ExportVerifier.Result firstOutside;

    private ViewCheck(Predicate<Entry> matcher, String described) {
        this.matcher = matcher;
        this.described = described;
    }

    Predicate<Entry> matcher() {
        return matcher;
    }

    /** Notes the first entry the filters do not choose, the one reported. */
    void outside(String entryName, long index, long seq) {
        firstOutside = ExportVerifier.Result.fail(entryName + " is not one the export's filters (" + described + ") choose: it was "
                + "added in place of one of theirs", index, seq);
    }

    /** The failure for the first entry outside the filters, or null when every entry is one they choose. */
    ExportVerifier.Result firstOutside() {
        return firstOutside;
    }

    static ViewCheck of(JsonNode filters, JsonNode exportedAt) {
        ViewCheck none = new ViewCheck(null, "");
        if (filters == null || !filters.isObject() || filters.isEmpty() || exportedAt == null || !exportedAt.isTextual()) return none;
        Map<String, String> params = new LinkedHashMap<>();
        for (var f : filters.properties()) {
            if (!f.getValue().isTextual()) return none;
            params.put(f.getKey(), f.getValue().textValue());
        }
        try {
            Clock asExported = Clock.fixed(Instant.parse(exportedAt.textValue()), ZoneOffset.UTC);
            return new ViewCheck(new EntryMatcher(new QueryParameters(asExported).parse(params)), describe(filters));
        } catch (DateTimeParseException | InvalidQueryException e) {
            return none;
        }
    }

    static String describe(JsonNode filters) {
        StringBuilder out = new StringBuilder();
        filters.properties().forEach(f -> out.append(out.isEmpty() ? "" : ", ").append(f.getKey()).append('=').append(f.getValue().asText()));
        return out.toString();
    }
}
