package dev.auditlog.core.store;

import dev.auditlog.core.event.Event;
import java.util.Optional;

/**
 * The entry that records a change a store makes for a caller, an erasure ({@link LogStore#erase}), a prune
 * ({@link LogStore#prune}), new settings ({@link LogStore#saveSettings}) or an API key made or revoked
 * ({@link LogStore#saveKey}, {@link LogStore#revokeKey}), made from what the change did. The store keeps it in the change's own transaction and
 * appends it right after that commits ({@link PendingRecords}), so the log never holds the change without its record
 * for longer than it takes to append one entry, and a crash in between is caught up when the store opens.
 *
 * <p>The store calls it on the caller's thread, inside that transaction, once the outcome is known: a server may
 * take thread-bound details of the request (its address) for the event. An erasure that commits in several
 * transactions (the embedded store's passes, {@link dev.auditlog.core.erasure.SubjectErasure}) calls it in each that
 * changes anything, with the whole outcome so far, and keeps the last event.
 */
@FunctionalInterface
public interface Recording<T> {
    /** The event that records {@code outcome}; empty to record nothing. */
    Optional<Event> event(T outcome);

    /** Records nothing: for a change no entry needs to record (a benchmark's prune). */
    static <T> Recording<T> nothing() {
        return outcome -> Optional.empty();
    }
}
