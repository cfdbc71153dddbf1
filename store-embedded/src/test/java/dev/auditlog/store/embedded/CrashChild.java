package dev.auditlog.store.embedded;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.Appended;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashRecoveryTest} kills: appends from several threads forever and prints
 * {@code ack <id> <seq>} for every event only after its append returned (that is, was acknowledged).
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        LogStore store = EmbeddedStore.open(dir);
        store.createTenant(new Tenant("crash", "Crash test", Instant.now()));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        out.println("ready");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                SampleEvents sample = new SampleEvents(System.nanoTime() + seed);
                while (true) {
                    List<Event> batch = new ArrayList<>();
                    for (int i = 0; i < 1 + seed * 3; i++) batch.add(sample.next(Instant.now().minusSeconds(1)));
                    List<Appended> acked = store.append("crash", batch);
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
}
