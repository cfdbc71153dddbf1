package dev.auditlog.store.embedded.internal;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.store.TiledTree;

/** The in-memory state of one tenant's log: its tree, its latest signed checkpoint and its clock floor. */
final class TenantLog {
    final String tenant;
    final TiledTree tree;
    private volatile Checkpoint checkpoint;
    /** recorded_at never goes backwards within a log, even if the wall clock does. */
    long lastRecordedMs;

    TenantLog(String tenant, TiledTree tree, Checkpoint checkpoint, long lastRecordedMs) {
        this.tenant = tenant;
        this.tree = tree;
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
