package dev.auditlog.bench;

import dev.auditlog.server.AuditlogServer;
import dev.auditlog.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The server in a child JVM with a capped heap, for the export benchmark: prints {@code port N} when ready,
 * then answers {@code peak} with the heap's peak use in bytes since the last {@code reset}. Exits at EOF.
 */
final class ExportServer {
    private ExportServer() {
    }

    public static void main(String[] args) throws Exception {
        try (AuditlogServer server = AuditlogServer.start(new ServerConfig(0, Path.of(args[0]), null, false, args[1], null))) {
            System.out.println("port " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() != MemoryType.HEAP) continue;
                    if (line.equals("reset")) pool.resetPeakUsage(); else peak += pool.getPeakUsage().getUsed();
                }
                System.out.println(line.equals("reset") ? "ok" : String.valueOf(peak));
                System.out.flush();
            }
        }
    }
}
