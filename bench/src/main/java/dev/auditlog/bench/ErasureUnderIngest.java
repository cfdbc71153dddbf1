package dev.auditlog.bench;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.event.Target;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GDPR erasure of one person, the actor of one entry in {@value #SUBJECT_EVERY} of the sample log, while the product
 * keeps sending events about them: how long it takes, and what it does to ingest running at the same time. The
 * erasure's last pass holds the writer ({@code core.erasure.SubjectErasure}); the maximum acknowledgement shows that
 * stall. Checked afterwards: every entry of the person before the erasure's record is erased.
 *
 * <p>Why a person of their own rather than one of {@code SampleEvents}' eight: those share four IP addresses, so
 * erasing any of them scrubs the IP of every entry that has one, most of the log.
 */
final class ErasureUnderIngest implements Section {
    static final String TITLE = "GDPR erasure under ingest";
    private static final String SUBJECT = "u_900";
    private static final int SUBJECT_EVERY = 50;
    private static final Actor PERSON = new Actor(Actor.USER, SUBJECT, "Erin Example", "erin@example.com");
    private static final int CALL_EVENTS = 10;
    private static final double CALLS_PER_SECOND = 500;

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        Path dir = config.workDir().resolve("erasure");
        int batch = 1_000;
        List<List<Event>> loaded = withSubject(new SampleBatches(batch, 100, 23), 100);
        List<List<Event>> steady = withSubject(new SampleBatches(CALL_EVENTS, 1_000, 29), 1_000);
        long steadyCalls = (long) (CALLS_PER_SECOND * (config.quick() ? 1 : 10));
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("bench", "Benchmark", Instant.now()));
            Load.closed(LibraryIngest.CALLERS, Math.max(1, config.pruneEntries() / batch), n -> store.append("bench", loaded.get((int) (n % loaded.size()))));
            store.query("bench", EntryQuery.all()); // the steady runs start once DuckDB holds the loaded entries
            Load.Result quiet = Load.open(CALLS_PER_SECOND, steadyCalls, n -> store.append("bench", steady.get((int) (n % steady.size()))));

            long size = store.checkpoint("bench").size();
            long t0 = System.nanoTime();
            CompletableFuture<Erasure> erasing = CompletableFuture.supplyAsync(() -> store.erase("bench", SUBJECT,
                    done -> Optional.of(record(done))));
            Load.Result during = Load.openUntil(CALLS_PER_SECOND, erasing, n -> store.append("bench", steady.get((int) (n % steady.size()))));
            Erasure erasure = erasing.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long appendedMeanwhile = checkEveryEntryBeforeTheRecordIsErased(store, size);

            String load = String.format("%,.0f events/s in calls of %d", CALLS_PER_SECOND * CALL_EVENTS, CALL_EVENTS);
            report.figure(TITLE, String.format("erasure in a log of %,d entries: duration", size), seconds, "s");
            report.figure(TITLE, "entries erased", erasure.entries(), "entries");
            report.figure(TITLE, "of them appended while it ran", appendedMeanwhile, "entries");
            report.figure(TITLE, "ingest p99 without an erasure (" + load + ")", quiet.latencies().percentileMs(0.99), "ms");
            report.figure(TITLE, "ingest p99 during the erasure", during.latencies().percentileMs(0.99), "ms");
            report.figure(TITLE, "ingest maximum during the erasure", during.latencies().percentileMs(1.0), "ms");
            report.note(TITLE, "The erasure scans the log in passes, each rewriting the person's entries in one DuckDB "
                    + "transaction: one over the log as it stood, more while ingest has added over 10,000 entries since, and "
                    + "a last one with the writer held until its record is appended and the raw copies are removed. Every "
                    + "entry of the person before that record is erased (checked). The maximum acknowledgement includes "
                    + "that hold, which the server logs (\"held appends for N ms\").");
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /** The sample batches with every {@value #SUBJECT_EVERY}th event one of the person's. */
    private static List<List<Event>> withSubject(SampleBatches batches, int count) {
        List<List<Event>> changed = new ArrayList<>(count);
        long n = 0;
        for (int b = 0; b < count; b++) {
            List<Event> events = new ArrayList<>(batches.get(b));
            for (int i = 0; i < events.size(); i++) {
                if (n++ % SUBJECT_EVERY == 0) {
                    events.set(i, new Event("document.viewed", EventType.READ, "docs", "Erin Example viewed document " + n,
                            null, PERSON, new Target("document", "d_" + n, null, null), List.of(), "192.0.2.250",
                            "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", Event.SUCCESS, null, null, null));
                }
            }
            changed.add(List.copyOf(events));
        }
        return changed;
    }

    private static Event record(Erasure done) {
        return new Event("subject.erased", EventType.DELETED, "gdpr", null, null, null,
                new Target("subject", done.pseudonym(), null, null), List.of(), null, null, Event.SUCCESS, null, null, null);
    }

    /** Throws unless every entry of the subject before the erasure's record is erased; returns how many came after {@code size}. */
    private static long checkEveryEntryBeforeTheRecordIsErased(LogStore store, long size) {
        EntryQuery records = new QueryParameters(Clock.systemUTC()).parse(Map.of("action", "subject.erased"));
        long record = store.query("bench", records).entries().getFirst().seq();
        AtomicLong meanwhile = new AtomicLong();
        store.scan("bench", EntryQuery.all(), record, (Entry e) -> {
            boolean theirs = e.event().actor() != null && SUBJECT.equals(e.event().actor().id());
            if (theirs && !e.erased()) throw new IllegalStateException("entry " + e.seq() + " before the erasure's record is not erased");
            if (theirs && e.seq() >= size) meanwhile.incrementAndGet();
        });
        return meanwhile.get();
    }
}
