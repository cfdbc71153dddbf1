package dev.auditlog.core.store;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.NoteVerificationException;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.entry.LeafEncoding;
import dev.auditlog.core.merkle.CompactRange;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks a whole stored log, fed in seq order, against its signed checkpoint: the signature, that seq
 * numbers run 0, 1, 2… without gap, that each entry's content hashes to its stored leaf hash, and that
 * the leaves make the signed root. Stops at the first bad entry and names it.
 */
public final class LogVerifier {
    private final Checkpoint checkpoint;
    private final CompactRange range = new CompactRange();
    private VerificationReport report;

    /** @param trustedKey the verifier key the checkpoint must be signed with (from the keyring, not from the checkpoint) */
    public LogVerifier(Checkpoint checkpoint, String trustedKey) {
        this.checkpoint = checkpoint;
        try {
            NoteVerifier.ParsedCheckpoint signed = NoteVerifier.fromVerifierKey(trustedKey).verifyCheckpoint(checkpoint.signedNote());
            if (signed.size() != checkpoint.size() || !Arrays.equals(signed.rootHash(), checkpoint.rootHash())) {
                report = VerificationReport.bad(0, -1, "the stored checkpoint differs from what its note signs");
            }
        } catch (NoteVerificationException e) {
            report = VerificationReport.bad(0, -1, "the checkpoint signature does not verify: " + e.getMessage());
        }
    }

    /**
     * Takes the kept leaf hash of a pruned entry, which must come before every remaining entry. Only its
     * place in the tree can be checked: its content is gone, and the signed root vouches for the hash.
     */
    public boolean acceptPruned(long seq, byte[] leafHash) {
        if (!inSequence(seq)) return false;
        range.append(leafHash, (level, index, hash) -> { });
        return true;
    }

    /** Takes the next entry; false once a problem was found (further entries are ignored). */
    public boolean accept(Entry entry) {
        if (!inSequence(entry.seq())) return false;
        long expected = entry.seq();
        byte[] leaf = LeafEncoding.leafHash(entry);
        if (!Arrays.equals(leaf, entry.leafHash())) {
            report = VerificationReport.bad(expected, expected, "entry " + expected + " (" + entry.id()
                    + ") does not match its leaf hash: its content was changed");
            return false;
        }
        range.append(leaf, (level, index, hash) -> { });
        return true;
    }

    private boolean inSequence(long seq) {
        if (report != null) return false;
        long expected = range.size();
        if (seq != expected) {
            report = VerificationReport.bad(expected, expected, seq > expected
                    ? "entry " + expected + " is missing" : "entry " + seq + " appears twice or out of order");
            return false;
        }
        return true;
    }

    /** The problem found so far, or null. */
    public VerificationReport report() {
        return report;
    }

    public VerificationReport finish() {
        if (report != null) return report;
        if (range.size() != checkpoint.size()) {
            return VerificationReport.bad(range.size(), range.size(),
                    "entry " + range.size() + " is missing (the checkpoint covers " + checkpoint.size() + ")");
        }
        if (!Arrays.equals(range.root(), checkpoint.rootHash())) {
            return VerificationReport.bad(range.size(), -1, "the entries' root " + HexFormat.of().formatHex(range.root())
                    + " differs from the signed root: leaf hashes were rewritten");
        }
        return VerificationReport.ok(range.size());
    }
}
