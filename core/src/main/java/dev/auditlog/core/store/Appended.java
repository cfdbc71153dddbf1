package dev.auditlog.core.store;

import dev.auditlog.core.entry.Entry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The answer to one appended event: its entry, and whether it was an idempotent repeat of an earlier one. */
public record Appended(Entry entry, boolean duplicate) {
    /**
     * Waits for a store's writer to commit an append and returns its answers; the writer's failure is rethrown as it
     * came when it is a {@link RuntimeException}, else as a {@link StoreException}.
     */
    public static List<Appended> awaitCommit(CompletableFuture<List<Appended>> commit) {
        try {
            return commit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("could not store the events", e.getCause());
        }
    }
}
