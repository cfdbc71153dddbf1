package dev.auditlog.server;

import dev.auditlog.core.event.Event;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in a child JVM with a small heap: seeds {@code args[1]} entries into tenant {@code big} through the
 * library, starts the server, prints {@code PORT n}, and on a line from stdin prints the peak heap and exits.
 */
public final class LargeExportChild {
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int entries = Integer.parseInt(args[1]);
        long seedStart = System.nanoTime();
        try (LogStore store = EmbeddedStore.open(dataDir)) {
            store.createTenant(new Tenant("big", "Big", Instant.now()));
            SampleEvents samples = new SampleEvents(7);
            Instant occurred = Instant.now().minusSeconds(3600);
            for (int done = 0; done < entries; done += 10_000) {
                List<Event> batch = new ArrayList<>(10_000);
                for (int i = 0; i < Math.min(10_000, entries - done); i++) batch.add(samples.next(occurred));
                store.append("big", batch);
            }
        }
        System.out.println("SEEDED " + (System.nanoTime() - seedStart) / 1_000_000 + " ms");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, dataDir, null, false, TestServer.MASTER, "x"), m -> { })) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            System.in.read();
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
            }
            System.out.println("PEAK_HEAP " + peak);
            System.out.flush();
        }
    }
}
