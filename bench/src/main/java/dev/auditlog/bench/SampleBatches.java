package dev.auditlog.bench;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic events ({@link SampleEvents}: actors, targets, changes, IPs), made before a measurement starts so
 * that generating them is not measured, nor collecting them. A pool is reused round-robin when a run needs more
 * calls than it holds.
 */
final class SampleBatches {
    private final List<List<Event>> batches;

    SampleBatches(int batchSize, int count, long seed) {
        SampleEvents sample = new SampleEvents(seed);
        Instant now = Instant.now();
        batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<Event> events = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) events.add(sample.next(now.minusSeconds(i % 3600)));
            batches.add(List.copyOf(events));
        }
        // The batches live through the run that follows; a client's events would not sit in Auditlog's heap. Left
        // in the young generation, they are copied by the run's first collections (pauses of 40-75 ms at half the
        // maximum ingest rate, the worst acknowledgements of that run); moved to the old generation now, they are not.
        System.gc();
    }

    /** The batch for call number {@code n}. */
    List<Event> get(long n) {
        return batches.get((int) (n % batches.size()));
    }
}
