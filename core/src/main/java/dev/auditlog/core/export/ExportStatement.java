package dev.auditlog.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.auditlog.core.canonical.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What a JSON export vouches for about itself, signed with the tenant's log key as a C2SP signed note: the tree it
 * proves against, how many entries it holds, the filters that chose them, and when it was made.
 *
 * <p>Why: the export's multi-proof covers every leaf the export leaves out, and so cannot tell an entry the
 * filters left out from one deleted afterwards and replaced by its leaf hash in the proof; nor the oldest entries
 * of an unfiltered export from pruned ones. With the number of entries and the filters signed, a deleted or added
 * entry is caught whatever the filters, and the filters a reader sees are the ones the export was made with.
 *
 * <p>It also vouches for what the export's erased entries show, which their leaves do not cover ({@link
 * ErasedContent}).
 *
 * <p>The note's text, one item a line: {@value #HEADER}, the origin, {@code tree_size N}, {@code root <base64>},
 * {@code entries N}, {@code filters <JCS JSON>}, {@code exported_at <RFC 3339>}, {@code erased N <base64>}.
 * Statements of {@value #HEADER_V1}, made before the last line, are read too; their {@code erasedDigest} is null.
 *
 * @param filters the filters as canonical JSON (RFC 8785), {@code {}} for none
 * @param erasedEntries how many of the entries are erased
 * @param erasedDigest the {@link ErasedContent} digest of those, or null in a {@value #HEADER_V1}
 */
public record ExportStatement(String origin, long treeSize, byte[] rootHash, long entries, String filters, String exportedAt,
                              long erasedEntries, byte[] erasedDigest) {
    static final String HEADER = "auditlog export statement v2";
    static final String HEADER_V1 = "auditlog export statement v1";
    private static final String[] KEYS = {"tree_size ", "root ", "entries ", "filters ", "exported_at ", "erased "};

    /** The filters of an export as this statement holds them. */
    static String canonicalFilters(Map<String, String> filters) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        filters.forEach(node::put);
        return canonicalFilters(node);
    }

    /** The {@code filters} member of an export document as this statement holds it; absent or null is none. */
    static String canonicalFilters(JsonNode filters) {
        JsonNode node = filters == null || filters.isNull() ? JsonNodeFactory.instance.objectNode() : filters;
        return new String(CanonicalJson.encode(node), StandardCharsets.UTF_8);
    }

    /** The note text to sign. */
    String body() {
        return HEADER + "\n" + origin + "\n" + KEYS[0] + treeSize + "\n" + KEYS[1] + Base64.getEncoder().encodeToString(rootHash)
                + "\n" + KEYS[2] + entries + "\n" + KEYS[3] + filters + "\n" + KEYS[4] + exportedAt
                + "\n" + KEYS[5] + erasedEntries + " " + Base64.getEncoder().encodeToString(erasedDigest) + "\n";
    }

    /** @throws IllegalArgumentException when {@code body} is not such a statement */
    static ExportStatement parse(String body) {
        String[] lines = body.split("\n", -1);
        boolean v1 = lines[0].equals(HEADER_V1);
        int items = v1 ? KEYS.length - 1 : KEYS.length;
        if (lines.length != items + 3 || !(v1 || lines[0].equals(HEADER)) || !lines[items + 2].isEmpty()) {
            throw new IllegalArgumentException("not an " + HEADER);
        }
        String[] values = new String[KEYS.length];
        for (int i = 0; i < items; i++) {
            if (!lines[i + 2].startsWith(KEYS[i])) throw new IllegalArgumentException("line " + (i + 3) + " is not " + KEYS[i].strip());
            values[i] = lines[i + 2].substring(KEYS[i].length());
        }
        try {
            long erasedEntries = 0;
            byte[] erasedDigest = null;
            if (!v1) {
                String[] erased = values[5].split(" ", -1);
                if (erased.length != 2) throw new IllegalArgumentException("erased is not a count and a digest");
                erasedEntries = Long.parseLong(erased[0]);
                erasedDigest = Base64.getDecoder().decode(erased[1]);
            }
            return new ExportStatement(lines[1], Long.parseLong(values[0]), Base64.getDecoder().decode(values[1]),
                    Long.parseLong(values[2]), values[3], values[4], erasedEntries, erasedDigest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + HEADER + ": " + e.getMessage(), e);
        }
    }
}
