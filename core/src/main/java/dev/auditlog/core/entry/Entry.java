package dev.auditlog.core.entry;

import dev.auditlog.core.event.Event;
import java.time.Instant;

/**
 * An event with its place in a tenant's log: the unit that is stored, hashed, returned and exported.
 *
 * <p>{@code salt} is the per-entry random value that blinds the commitment to the entry's personal
 * fields (see {@link LeafEncoding}); {@code personalCommitment} is non-null only once the personal
 * fields have been erased, when the commitment is all that remains of them. {@code leafVersion} is the
 * {@link LeafEncoding} version its leaf hash was computed with, fixed when it was appended: entries of an older
 * version stay in it for good, since re-encoding them would change their leaf hashes.
 */
public record Entry(
        String tenant,
        String id,
        long seq,
        Instant recordedAt,
        Event event,
        byte[] salt,
        byte[] personalCommitment,
        byte[] leafHash,
        int leafVersion) {

    public Entry {
        LeafEncoding.checkVersion(leafVersion);
    }

    /** An entry in the encoding new entries get, {@link LeafEncoding#VERSION}. */
    public Entry(String tenant, String id, long seq, Instant recordedAt, Event event, byte[] salt, byte[] personalCommitment,
                 byte[] leafHash) {
        this(tenant, id, seq, recordedAt, event, salt, personalCommitment, leafHash, LeafEncoding.VERSION);
    }

    public boolean erased() {
        return personalCommitment != null;
    }
}
