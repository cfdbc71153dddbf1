package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.store.TiledTree;

/**
 * The in-memory state of one tenant's log: its tree, its latest signed checkpoint, its clock floor, and the
 * file copy of its leaf hashes that proofs read first.
 */
final class TenantLog {
    final String tenant;
    final TiledTree tree;
    final LeafHashFile leafFile;
    private volatile Checkpoint checkpoint;
    /** recorded_at never goes backwards within a log, even if the wall clock does. */
    long lastRecordedMs;

    TenantLog(String tenant, TiledTree tree, LeafHashFile leafFile, Checkpoint checkpoint, long lastRecordedMs) {
        this.tenant = tenant;
        this.tree = tree;
        this.leafFile = leafFile;
        tree.readTilesFirstFrom(leafFile::read);
        this.checkpoint = checkpoint;
        this.lastRecordedMs = lastRecordedMs;
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    void publish(Checkpoint signed) {
        checkpoint = signed;
    }
}
