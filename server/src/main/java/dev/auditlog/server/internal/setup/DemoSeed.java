package dev.auditlog.server.internal.setup;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code serve --demo}: on first start, a tenant {@code demo} with about {@value #ENTRIES} entries spread over the
 * last {@value #DAYS} days, so a newcomer sees a populated log.
 *
 * <p>Why a separate store handle: the store stamps {@code recorded_at} from its clock and never lets it run
 * backwards, so realistic past times need a store opened on a clock this class moves forward through the
 * past, batch by batch, before the real store opens. Runs only while the tenant is absent.
 */
public final class DemoSeed {
    public static final String TENANT = "demo";
    static final int ENTRIES = 3_000;
    static final int DAYS = 120;
    private static final int BATCH = 20;
    /** About one event in this many is a deletion, so that every event type of the Event filter finds some. */
    private static final int DELETION_ONE_IN = 30;

    private DemoSeed() {
    }

    /** Seeds the tenant unless it exists; returns whether it seeded. */
    public static boolean seedIfAbsent(Function<Clock, LogStore> openStore, Clock realClock) {
        Instant now = realClock.instant();
        Instant start = now.minus(Duration.ofDays(DAYS));
        ReplayClock clock = new ReplayClock(start);
        try (LogStore store = openStore.apply(clock)) {
            if (!store.createTenant(new Tenant(TENANT, "Demo Ltd", start))) return false;
            SampleEvents samples = new SampleEvents(42);
            Random random = new Random(42);
            long spanMs = Duration.ofDays(DAYS).toMillis() - Duration.ofHours(1).toMillis();
            long stepMs = spanMs / (ENTRIES / BATCH);
            for (int batchStart = 0; batchStart < ENTRIES; batchStart += BATCH) {
                Instant batchTime = start.plusMillis((long) (batchStart / BATCH) * stepMs);
                List<Event> events = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    Instant occurredAt = batchTime.minusMillis(50 + random.nextInt(300_000));
                    events.add(random.nextInt(DELETION_ONE_IN) == 0 ? samples.deletion(occurredAt) : samples.next(occurredAt));
                }
                clock.set(batchTime);
                store.append(TENANT, events);
            }
            return true;
        }
    }

    /** A clock set by hand; reads within one batch advance it a little, so entries get distinct times. */
    private static final class ReplayClock extends Clock {
        private volatile Instant now;

        ReplayClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = current.plusMillis(37_000 + current.toEpochMilli() % 40_000);
            return current;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
