package dev.auditlog.core.export;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.merkle.Rfc6962;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * What an export shows of its erased entries, as one digest its signed {@link ExportStatement} carries.
 *
 * <p>Why: an erased entry's leaf hash covers only the commitment to its personal fields, not the pseudonyms
 * that now stand in them (that is what lets an erasure keep every proof). So the leaf cannot vouch for what an
 * erased entry shows, and without more anyone holding an export could mark an intact entry erased — its
 * commitment is computable from the salt and fields the export carries — and then rewrite its description,
 * names, e-mail, IP, changes and metadata unseen. The digest covers, in export order, each erased entry's seq
 * and the SHA-256 of its personal fields as shown ({@link LeafEncoding#personalJson}, canonical JSON), so
 * neither the set of erased entries nor what they show can change without the statement's signature failing.
 */
final class ErasedContent {
    private final MessageDigest digest = Rfc6962.sha256();
    /** For each entry's personal fields, reset by every {@code digest} call. */
    private final MessageDigest personal = Rfc6962.sha256();
    private final ByteBuffer seq = ByteBuffer.allocate(Long.BYTES);
    private long count;
    private Entry first;

    /** Adds {@code entry} if it is erased; entries must come in export order. */
    void add(Entry entry) {
        if (!entry.erased()) return;
        digest.update(seq.clear().putLong(entry.seq()).array());
        digest.update(personal.digest(LeafEncoding.personalJson(entry.event(), entry.leafVersion())));
        if (count++ == 0) first = entry;
    }

    /** The first erased entry added, or null. */
    Entry first() {
        return first;
    }

    long count() {
        return count;
    }

    /** The digest of the entries added; ends this object's use. */
    byte[] digest() {
        return digest.digest();
    }
}
