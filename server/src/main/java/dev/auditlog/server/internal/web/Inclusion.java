package dev.auditlog.server.internal.web;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.checkpoint.NoteVerificationException;
import dev.auditlog.core.checkpoint.NoteVerifier;
import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.LogStore;
import java.util.Arrays;

/**
 * Checks, for the entry page's "Verified" mark, that an entry is in the tenant's signed tree: the
 * checkpoint's signature verifies, its signed size and root are the ones the store reports, and the
 * entry's inclusion proof leads from its leaf hash to that root.
 *
 * <p>What it does not prove: the key is the one the store hands out with the checkpoint, so this catches a
 * tampered entry or tree, not a replaced signing key; an outside verifier pins the key for that.
 */
final class Inclusion {
    private Inclusion() {
    }

    static boolean verified(LogStore store, String tenant, Entry entry) {
        Checkpoint cp = store.checkpoint(tenant);
        if (entry.seq() >= cp.size()) return false;
        try {
            NoteVerifier.ParsedCheckpoint signed = NoteVerifier.fromVerifierKey(cp.publicKey()).verifyCheckpoint(cp.signedNote());
            if (signed.size() != cp.size() || !Arrays.equals(signed.rootHash(), cp.rootHash())) return false;
            var proof = Proofs.inclusion(entry.seq(), cp.size(), store.nodes(tenant));
            return Proofs.verifyInclusion(entry.seq(), cp.size(), entry.leafHash(), proof, signed.rootHash());
        } catch (NoteVerificationException | IllegalArgumentException e) {
            return false;
        }
    }
}
