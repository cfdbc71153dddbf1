package dev.auditlog.core.entry;

import dev.auditlog.core.event.Event;
import java.time.Instant;

/**
 * An event with its place in a tenant's log: the unit that is stored, hashed, returned and exported.
 *
 * <p>{@code salt} is the per-entry random value that blinds the commitment to the entry's personal
 * fields (see {@link LeafEncoding}); {@code personalCommitment} is non-null only once the personal
 * fields have been erased, when the commitment is all that remains of them.
 */
public record Entry(
        String tenant,
        String id,
        long seq,
        Instant recordedAt,
        Event event,
        byte[] salt,
        byte[] personalCommitment,
        byte[] leafHash) {

    public boolean erased() {
        return personalCommitment != null;
    }
}
