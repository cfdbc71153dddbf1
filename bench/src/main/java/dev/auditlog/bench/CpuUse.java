package dev.auditlog.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The CPU time this process spent while a measurement ran: in all, and by the Java threads that spent it.
 *
 * <p>Why: on 2 cores a throughput figure alone cannot say whether a run waited or computed; CPU per event can,
 * and comparing it with a baseline's shows what bounds a ratio of the two. The process total also holds what no
 * Java thread accounts for — DuckDB's own native threads, garbage collection, the JIT — and threads that ended
 * before the measurement did; {@link Usage#byGroup} reports that remainder as {@link #REST}.
 */
final class CpuUse {
    static final String REST = "the rest";

    /** CPU seconds over a wall time: in all, and by group of Java threads (plus {@link #REST}). */
    record Usage(double wallSeconds, double processSeconds, Map<String, Double> byGroup) {
        /** Cores kept busy on average. */
        double cores() {
            return processSeconds / wallSeconds;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long wallStart = System.nanoTime();
    private final long processStart = PROCESS.getProcessCpuTime();
    private final Map<Long, Long> threadStart = threadTimes();

    private CpuUse() {
    }

    static CpuUse start() {
        return new CpuUse();
    }

    /**
     * What was spent since {@link #start}, with each live Java thread's time added to the group {@code groupOf}
     * names for it (by thread name; null leaves it in {@link #REST}).
     */
    Usage stop(Function<String, String> groupOf) {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double process = (PROCESS.getProcessCpuTime() - processStart) / 1e9;
        Map<String, Double> groups = new LinkedHashMap<>();
        double grouped = 0;
        for (Map.Entry<Long, Long> t : threadTimes().entrySet()) {
            var info = THREADS.getThreadInfo(t.getKey());
            String group = info == null ? null : groupOf.apply(info.getThreadName());
            if (group == null) continue;
            double seconds = (t.getValue() - threadStart.getOrDefault(t.getKey(), 0L)) / 1e9;
            groups.merge(group, seconds, Double::sum);
            grouped += seconds;
        }
        groups.put(REST, Math.max(0, process - grouped));
        return new Usage(wall, process, groups);
    }

    private static Map<Long, Long> threadTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0) times.put(id, cpu);
        }
        return times;
    }
}
