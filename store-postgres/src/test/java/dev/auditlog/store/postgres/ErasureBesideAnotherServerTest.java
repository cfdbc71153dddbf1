package dev.auditlog.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auditlog.core.entry.Entry;
import dev.auditlog.core.erasure.Erasure;
import dev.auditlog.core.event.Actor;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.event.EventType;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one database: one erases a person while the other appends entries about them. Every entry before the
 * erasure's record is erased; the other server's entries can only come before the last pass or after the record.
 */
class ErasureBesideAnotherServerTest {
    private static final String TENANT = "race";
    private static final String NAME = "Quentin Zarathustra";

    @TempDir
    Path keyDir;

    @Test
    void everyEntryBeforeTheRecordIsErasedWhileAnotherServerAppendsAboutThePerson() throws Exception {
        String url = TestDatabases.fresh();
        try (LogStore erasing = PostgresStore.open(url, keyDir, Clock.systemUTC());
             LogStore appending = PostgresStore.open(url, keyDir, Clock.systemUTC())) {
            erasing.createTenant(new Tenant(TENANT, "Race", Instant.now()));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger appended = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        appending.append(TENANT, List.of(aboutThePerson(), aboutThePerson(), aboutThePerson()));
                        appended.addAndGet(3);
                    }
                }));
            }
            while (appended.get() < 300) Thread.sleep(5);
            Erasure erasure = erasing.erase(TENANT, "u_q", done -> Optional.of(new Event("subject.erased", EventType.DELETED,
                    "gdpr", "Erased " + done.pseudonym(), null, null, null, List.of(), null, null, Event.SUCCESS, null, null, null)));
            while (appended.get() < 600) Thread.sleep(5); // some after the erasure too
            stop.set(true);
            for (Thread t : writers) t.join(30_000);

            List<Entry> all = new ArrayList<>();
            erasing.scan(TENANT, EntryQuery.all(), erasing.checkpoint(TENANT).size(), all::add);
            long record = all.stream().filter(e -> e.event().action().equals("subject.erased")).mapToLong(Entry::seq)
                    .findFirst().orElseThrow();
            List<Entry> before = all.stream().filter(e -> e.seq() < record).toList();
            assertThat(before).isNotEmpty();
            assertThat(before).as("entries before the record that still name the person")
                    .filteredOn(e -> e.event().description().contains(NAME) || NAME.equals(e.event().actor().name()))
                    .extracting(Entry::seq).isEmpty();
            assertThat(erasure.entries()).isEqualTo(before.size());
        }
    }

    private static Event aboutThePerson() {
        return new Event("race.x", EventType.OTHER, Event.DEFAULT_CHANNEL, "Mr " + NAME + " did something", null,
                new Actor(Actor.USER, "u_q", NAME, null), null, List.of(), null, null, Event.SUCCESS, null, null, null);
    }
}
