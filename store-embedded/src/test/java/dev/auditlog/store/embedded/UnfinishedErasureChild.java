package dev.auditlog.store.embedded;

import dev.auditlog.core.store.LogStore;
import java.nio.file.Path;

/**
 * The process {@link ErasureCleanupFailureTest} kills after an erasure whose raw copies could not be dropped: it
 * seeds a store, blocks its journal, erases, prints {@code erased <entries>} and waits for the kill.
 */
public final class UnfinishedErasureChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        LogStore store = EmbeddedStore.open(dir);
        ErasureCleanupFailureTest.seed(store);
        BlockedJournal.block(dir);
        System.out.println("erased " + ErasureCleanupFailureTest.erase(store).entries());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
