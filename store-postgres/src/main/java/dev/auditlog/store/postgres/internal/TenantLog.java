package dev.auditlog.store.postgres.internal;

import dev.auditlog.core.store.TiledTree;

/**
 * This process's view of one tenant's log. The database is the truth: other servers may append to the same
 * tenant, so the writer's tree is only trusted up to {@link #committed}, the size this process last saw
 * committed, and is rebuilt from the database whenever the latest checkpoint there differs.
 *
 * <p>Only the writer thread changes {@link #tree}, {@link #committed} and {@link #lastRecordedMs}; readers
 * use the tree when it covers the checkpoint they read, else a tree of their own ({@link #readTree}).
 */
final class TenantLog {
    static final long STALE = -1;

    final String tenant;
    volatile TiledTree tree;
    /** Leaves of {@link #tree} below this size are committed; {@link #STALE} when the tree must be rebuilt. */
    volatile long committed;
    /** A tree restored for readers when another server advanced the log past {@link #committed}. */
    volatile TiledTree readTree;
    /** recorded_at never goes backwards within a log, even if the wall clock does. */
    long lastRecordedMs;

    TenantLog(String tenant, TiledTree tree, long committed) {
        this.tenant = tenant;
        this.tree = tree;
        this.committed = committed;
    }

    /** A log this process has not read yet: the writer rebuilds it before its first append. */
    static TenantLog unread(String tenant) {
        return new TenantLog(tenant, null, STALE);
    }

    /** The writer's tree when its committed part covers {@code size}, else null. */
    TiledTree committedTree(long size) {
        long known = committed;
        TiledTree t = tree;
        return known >= size && t != null && committed == known ? t : null;
    }
}
