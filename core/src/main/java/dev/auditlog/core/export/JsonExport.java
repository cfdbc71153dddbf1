package dev.auditlog.core.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.auditlog.core.canonical.ReadableJson;
import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.EntryJson;
import dev.auditlog.core.event.Times;
import dev.auditlog.core.merkle.LeafRuns;
import dev.auditlog.core.merkle.MultiProof;
import dev.auditlog.core.merkle.NodeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Writes the JSON export document (CONTRACT §4 "Export") that {@code auditlog verify} checks offline.
 *
 * <h2>What makes it verifiable</h2>
 * The document carries the signed checkpoint of the moment of the export, every matching entry with what
 * its leaf hash commits to (including the salt of its personal fields), and a <em>multi-proof</em>: the
 * hashes of the fewest complete subtrees that cover every leaf the export leaves out. From the entries and
 * those nodes a verifier recomputes the checkpoint's root. An unfiltered export needs no node at all; a
 * filtered one needs about {@code k·log(n/k)} for {@code k} entries, far less than one inclusion proof each.
 *
 * <p>It ends with a signed {@link ExportStatement}: how many entries it holds, the filters that chose them and
 * what its erased entries show, which the multi-proof alone cannot vouch for.
 *
 * <p>Entries stream straight from the store to the output, and so do the proof's nodes at the end: memory
 * holds only the runs of consecutive seqs written ({@link LeafRuns}), one for a whole log.
 */
public final class JsonExport {
    /**
     * The {@code format} member: bumped when the document's meaning changes. 2 added the signed {@code statement}, 3
     * each entry's {@code leaf_version} (entries may be of leaf encoding version 2).
     */
    public static final String FORMAT = "auditlog-export/3";
    /** Exports made before entries named their leaf version, all of version 1; {@link ExportVerifier} reads them as such. */
    public static final String FORMAT_WITHOUT_LEAF_VERSIONS = "auditlog-export/2";
    /** Exports made before the signed statement, which {@link ExportVerifier} still reads. */
    public static final String FORMAT_WITHOUT_STATEMENT = "auditlog-export/1";
    private static final ObjectMapper MAPPER = ReadableJson.newMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Produces the entries to export, newest first, all below the checkpoint's size. */
    @FunctionalInterface
    public interface EntrySource {
        void forEach(Consumer<Entry> sink);
    }

    private JsonExport() {
    }

    /**
     * Writes the whole document; returns the number of entries written.
     *
     * @param signNote signs a note text with the tenant's log key (the checkpoint's), for the {@link ExportStatement}
     */
    public static long write(OutputStream out, String tenant, Map<String, String> filters, Checkpoint checkpoint,
                             Instant exportedAt, EntrySource entries, NodeReader nodes, UnaryOperator<String> signNote) {
        // Not closing what is open when a failure ends the document early: a cut-off export must not parse.
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("exported_at", Times.format(exportedAt));
            g.writeStringField("tenant", tenant);
            g.writeObjectField("filters", filters);
            writeCheckpoint(g, checkpoint);
            g.writeArrayFieldStart("entries");
            LeafRuns seqs = new LeafRuns();
            ErasedContent erased = new ErasedContent();
            entries.forEach(entry -> {
                try {
                    g.writeRaw('\n'); // one entry per line: ExportVerifier finds where each ends by the newline alone
                    MAPPER.writeTree(g, EntryJson.toExportJson(entry));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                seqs.add(entry.seq());
                erased.add(entry);
            });
            g.writeRaw('\n');
            g.writeEndArray();
            writeProof(g, checkpoint.size(), seqs, nodes);
            ExportStatement statement = new ExportStatement(checkpoint.origin(), checkpoint.size(), checkpoint.rootHash(),
                    seqs.leaves(), ExportStatement.canonicalFilters(filters), Times.format(exportedAt), erased.count(), erased.digest());
            g.writeStringField("statement", signNote.apply(statement.body()));
            g.writeEndObject();
            return seqs.leaves();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCheckpoint(JsonGenerator g, Checkpoint cp) throws IOException {
        g.writeObjectFieldStart("checkpoint");
        g.writeStringField("origin", cp.origin());
        g.writeNumberField("size", cp.size());
        g.writeStringField("root_hash", HexFormat.of().formatHex(cp.rootHash()));
        g.writeStringField("signed_note", cp.signedNote());
        g.writeStringField("public_key", cp.publicKey());
        g.writeEndObject();
    }

    private static void writeProof(JsonGenerator g, long treeSize, LeafRuns known, NodeReader nodes) throws IOException {
        g.writeObjectFieldStart("proof");
        g.writeNumberField("tree_size", treeSize);
        g.writeArrayFieldStart("nodes");
        Base64.Encoder b64 = Base64.getEncoder();
        MultiProof.coveringNodes(treeSize, known, nodes, n -> {
            try {
                g.writeStartArray();
                g.writeNumber(n.level());
                g.writeNumber(n.index());
                g.writeString(b64.encodeToString(n.hash()));
                g.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        g.writeEndArray();
        g.writeEndObject();
    }
}
