package dev.auditlog.store.postgres;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: measures durable appends per second through group commit and query latencies at the end.
 * Args: jdbc url (a real server with fsync on, for honest figures), events (default 1,000,000),
 * concurrent callers (default 64), events per call (default 20).
 */
public final class PostgresBench {
    private static final int DISTINCT_EVENTS = 100_000;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int perCall = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String tenant = "bench" + System.currentTimeMillis() % 100_000;
        Path keys = Files.createTempDirectory("auditlog-bench");
        try (LogStore store = PostgresStore.open(url, keys, Clock.systemUTC())) {
            store.createTenant(new Tenant(tenant, "Bench", Instant.now()));
            // Events are made up front and reused, so that the figure measures the store, not the generator.
            SampleEvents sample = new SampleEvents(2026);
            List<Event> distinct = new ArrayList<>(DISTINCT_EVENTS);
            for (int i = 0; i < DISTINCT_EVENTS; i++) distinct.add(sample.next(Instant.now()));
            long start = System.nanoTime();
            int calls = total / perCall;
            try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < callers; t++) {
                    int seed = t;
                    done.add(pool.submit(() -> {
                        for (int i = seed; i < calls; i += callers) {
                            int from = (int) ((long) i * perCall % (DISTINCT_EVENTS - perCall));
                            store.append(tenant, distinct.subList(from, from + perCall));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("appended %,d events in %.1f s: %,.0f events/s (%d callers x %d events per call)%n",
                    (long) calls * perCall, seconds, calls * perCall / seconds, callers, perCall);

            // A partition that just received its first million rows has no statistics until autovacuum's next
            // round (up to a minute): the planner then guesses, and a guess may sort a whole month instead of
            // walking seq. A server that has run for a minute has them; so do the queries here.
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("ANALYZE entries");
            }
            QueryParameters params = new QueryParameters(Clock.systemUTC());
            Map<String, Map<String, String>> queries = new java.util.LinkedHashMap<>();
            queries.put("newest 50", Map.of());
            queries.put("actor=u_17", Map.of("actor", "u_17"));
            queries.put("target_id=142", Map.of("target_id", "142"));
            queries.put("concerns=u_42", Map.of("concerns", "u_42"));
            queries.put("q=invoice", Map.of("q", "invoice"));
            queries.put("q=rare substring", Map.of("q", "zzqx"));
            queries.put("event=deleted,channel=billing", Map.of("event", "deleted", "channel", "billing"));
            queries.put("period=today", Map.of("period", "today"));
            for (Map.Entry<String, Map<String, String>> q : queries.entrySet()) {
                EntryQuery query = params.parse(q.getValue());
                store.query(tenant, query); // warm
                long t0 = System.nanoTime();
                int found = store.query(tenant, query).entries().size();
                long pageMs = (System.nanoTime() - t0) / 1_000_000;
                t0 = System.nanoTime();
                Long count = store.query(tenant, query.withCount(true)).total();
                long countMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("%-32s page of %3d: %5d ms   with count (%,d): %6d ms%n", q.getKey(), found, pageMs, count, countMs);
            }
            long t0 = System.nanoTime();
            boolean ok = store.verify(tenant).ok();
            System.out.printf("verify %,d entries: %s in %d ms%n", store.checkpoint(tenant).size(), ok, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
