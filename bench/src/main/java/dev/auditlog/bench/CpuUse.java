package dev.auditlog.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>A thread that is ready to run but has no core gets no CPU time, so CPU alone cannot tell a stage that
 * waits for work from one that waits for a core. Where Linux reports it ({@code /proc/self/task/N/schedstat}),
 * {@link Usage#waitingByGroup} has the time each group's threads spent runnable but not running.
 */
final class CpuUse {
    static final String REST = "the rest";

    /**
     * CPU seconds over a wall time: in all, and by group of Java threads (plus {@link #REST}); and the seconds
     * each group's threads waited for a core (empty where the kernel does not say).
     */
    record Usage(double wallSeconds, double processSeconds, Map<String, Double> byGroup, Map<String, Double> waitingByGroup) {
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
    private final Map<String, TaskWait> waitingStart = runQueueWaits();

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
        return new Usage(wall, process, groups, waitingByGroup(groupOf));
    }

    /**
     * Seconds each group's threads spent runnable but not running since {@link #start}. Linux names a task after
     * its Java thread's first 15 bytes, so tasks are matched to live Java threads by that prefix.
     */
    private Map<String, Double> waitingByGroup(Function<String, String> groupOf) {
        Map<String, String> groupByTaskName = new HashMap<>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) continue;
            String group = groupOf.apply(info.getThreadName());
            if (group != null) groupByTaskName.put(taskName(info.getThreadName()), group);
        }
        Map<String, Double> waiting = new LinkedHashMap<>();
        runQueueWaits().forEach((tid, now) -> {
            String group = groupByTaskName.get(now.name());
            TaskWait before = waitingStart.get(tid);
            long since = before == null || !before.name().equals(now.name()) ? 0 : before.nanos();
            if (group != null) waiting.merge(group, (now.nanos() - since) / 1e9, Double::sum);
        });
        return waiting;
    }

    private static String taskName(String threadName) {
        return threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
    }

    /** A task's name and its time runnable but not running so far. */
    private record TaskWait(String name, long nanos) {
    }

    /** Every task of this process by id; empty where the kernel does not report run-queue waits. */
    private static Map<String, TaskWait> runQueueWaits() {
        Map<String, TaskWait> waits = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    String name = Files.readString(task.resolve("comm")).trim();
                    waits.put(task.getFileName().toString(), new TaskWait(name, Long.parseLong(schedstat[1])));
                } catch (IOException | RuntimeException e) {
                    // the task ended meanwhile, or the kernel keeps no schedstat: it counts for nothing
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return waits;
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
