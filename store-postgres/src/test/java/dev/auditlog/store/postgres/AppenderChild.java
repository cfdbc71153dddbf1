package dev.auditlog.store.postgres;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.LogStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A server process of {@link SeveralServersOneDatabaseTest}: appends {@code batches} batches to one tenant
 * from four threads and prints {@code ack <id> <seq>} for every event only after its append returned.
 * Args: jdbc url, key dir, tenant, batches per thread.
 */
public final class AppenderChild {
    public static void main(String[] args) throws Exception {
        String tenant = args[2];
        int batches = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        try (LogStore store = PostgresStore.open(args[0], Path.of(args[1]), Clock.systemUTC())) {
            out.println("ready");
            out.flush();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    SampleEvents sample = new SampleEvents(System.nanoTime() + seed);
                    for (int b = 0; b < batches; b++) {
                        List<Event> batch = new ArrayList<>();
                        for (int i = 0; i < 1 + seed * 5; i++) batch.add(sample.next(Instant.now().minusSeconds(1)));
                        List<Appended> acked = store.append(tenant, batch);
                        StringBuilder lines = new StringBuilder();
                        for (Appended a : acked) lines.append("ack ").append(a.entry().id()).append(' ').append(a.entry().seq()).append('\n');
                        synchronized (out) {
                            out.print(lines);
                            out.flush();
                        }
                    }
                }));
            }
            for (Thread t : threads) t.join();
        }
        out.println("done");
        out.flush();
    }
}
