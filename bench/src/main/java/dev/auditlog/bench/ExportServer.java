package dev.auditlog.bench;

import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server in a child JVM with a capped heap, for the export benchmark: prints {@code port N} when ready,
 * then answers {@code peak} with the heap's peak use in bytes since the last {@code reset}. Exits at EOF.
 *
 * <p>The peak is the largest total heap use seen by a sampler every millisecond. Why not the memory pools' own
 * peaks: their sum adds each pool's peak from a different moment (eden full just before a collection, the old
 * generation after it) and so can exceed what the heap ever held, even the -Xmx cap (it reported 257 MB
 * under a 256 MB cap).
 */
final class ExportServer {
    private ExportServer() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon(true).name("heap-sampler").start(() -> {
            while (true) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, Path.of(args[0]), null, false, args[1], null))) {
            System.out.println("port " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("reset")) peak.set(memory.getHeapMemoryUsage().getUsed());
                System.out.println(line.equals("reset") ? "ok" : String.valueOf(peak.get()));
                System.out.flush();
            }
        } finally {
            sampler.interrupt();
        }
    }
}
