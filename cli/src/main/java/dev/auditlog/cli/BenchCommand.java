package dev.auditlog.cli;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.event.Event;
import dev.auditlog.core.export.JsonExport;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.QueryParameters;
import dev.auditlog.core.store.VerificationReport;
import dev.auditlog.core.sample.SampleEvents;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.store.Tenant;
import dev.auditlog.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code auditlog bench}: measures durable ingest through the library API of the embedded store. Many
 * callers append at once, each waiting for its acknowledgement, as an HTTP server's request threads would;
 * the store's group commit turns them into few durable commits. Prints events/s and acknowledgement
 * latency percentiles. Not a test: figures depend on the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks the embedded store: durable ingest (events/s, acknowledgement latency), then",
                "first-page queries per filter, inclusion proofs, JSON export and verification on what it built."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--events", description = "events to append (default ${DEFAULT-VALUE})", defaultValue = "1000000")
    int events;

    @Option(names = "--callers", description = "concurrent callers (default ${DEFAULT-VALUE})", defaultValue = "64")
    int callers;

    @Option(names = "--batch", description = "events per append call (default ${DEFAULT-VALUE})", defaultValue = "100")
    int batch;

    @Option(names = "--data-dir", description = "where to build the store (default: a fresh temporary directory)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("auditlog-bench");
        List<List<Event>> batches = prepare();
        try (LogStore store = EmbeddedStore.open(dir)) {
            store.createTenant(new Tenant("bench", "Benchmark", Instant.now()));
            store.append("bench", batches.getFirst()); // warm the JIT and the file
            long[] latencies = new long[batches.size()];
            AtomicLong next = new AtomicLong(1);
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    running.add(pool.submit(() -> {
                        for (int i = (int) next.getAndIncrement(); i < batches.size(); i = (int) next.getAndIncrement()) {
                            long t0 = System.nanoTime();
                            store.append("bench", batches.get(i));
                            latencies[i] = System.nanoTime() - t0;
                        }
                    }));
                }
                for (Future<?> f : running) f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long appended = (long) (batches.size() - 1) * batch;
            long[] measured = Arrays.copyOfRange(latencies, 1, latencies.length);
            Arrays.sort(measured);
            System.out.printf(Locale.ROOT, "embedded store, durable group commit: %,d events in %.2f s = %,.0f events/s%n",
                    appended, seconds, appended / seconds);
            System.out.printf(Locale.ROOT, "  %d callers x %d events per append; acknowledgement latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    callers, batch, pct(measured, 0.50), pct(measured, 0.99), measured[measured.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "  store size on disk: %,d bytes (%.0f bytes/entry)%n",
                    size(dir), (double) size(dir) / (appended + batch));
            measureReads(store);
        }
        return 0;
    }

    /** First-page query latency per filter, inclusion proofs, export and verify rates on the store just built. */
    private static void measureReads(LogStore store) {
        Map<String, Map<String, String>> queries = new LinkedHashMap<>();
        queries.put("no filter", Map.of());
        queries.put("event=deleted", Map.of("event", "deleted"));
        queries.put("channel=pii-read", Map.of("channel", "pii-read"));
        queries.put("actor=u_42", Map.of("actor", "u_42"));
        queries.put("actor=system", Map.of("actor", "system"));
        queries.put("target_id=142", Map.of("target_id", "142"));
        queries.put("concerns=u_42", Map.of("concerns", "u_42"));
        queries.put("status=error", Map.of("status", "error"));
        queries.put("ip=192.0.2.144", Map.of("ip", "192.0.2.144"));
        queries.put("channel+event+status", Map.of("channel", "billing", "event", "updated", "status", "error"));
        queries.put("q=ada", Map.of("q", "ada"));
        queries.put("count=true", Map.of("count", "true"));
        QueryParameters parser = new QueryParameters(Clock.systemUTC());
        System.out.println("  first page (50 entries), 20 runs each:");
        for (Map.Entry<String, Map<String, String>> q : queries.entrySet()) {
            EntryQuery query = parser.parse(q.getValue());
            long[] runs = new long[20];
            for (int i = 0; i < runs.length; i++) {
                long t0 = System.nanoTime();
                store.query("bench", query);
                runs[i] = System.nanoTime() - t0;
            }
            Arrays.sort(runs);
            System.out.printf(Locale.ROOT, "    %-22s p50 %7.2f ms  p95 %7.2f ms%n", q.getKey(), pct(runs, 0.5), pct(runs, 0.95));
        }
        Checkpoint cp = store.checkpoint("bench");
        long[] proofs = new long[1000];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < proofs.length; i++) {
            long seq = random.nextLong(cp.size());
            long t0 = System.nanoTime();
            Proofs.inclusion(seq, cp.size(), store.nodes("bench"));
            proofs[i] = System.nanoTime() - t0;
        }
        Arrays.sort(proofs);
        System.out.printf(Locale.ROOT, "  inclusion proof at %,d entries: p50 %.3f ms, p99 %.3f ms%n", cp.size(), pct(proofs, 0.5), pct(proofs, 0.99));
        long t0 = System.nanoTime();
        long exported = JsonExport.write(OutputStream.nullOutputStream(), "bench", Map.of(), cp, Instant.now(),
                sink -> store.scan("bench", EntryQuery.all(), cp.size(), sink), store.nodes("bench"));
        double exportSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  JSON export: %,d entries in %.2f s = %,.0f entries/s%n", exported, exportSeconds, exported / exportSeconds);
        t0 = System.nanoTime();
        VerificationReport report = store.verify("bench");
        double verifySeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  store verify: %,d entries in %.2f s = %,.0f entries/s (%s)%n", report.entriesChecked(),
                verifySeconds, report.entriesChecked() / verifySeconds, report.ok() ? "ok" : report.problem());
    }

    private List<List<Event>> prepare() {
        SampleEvents sample = new SampleEvents(42);
        Instant now = Instant.now();
        List<List<Event>> batches = new ArrayList<>();
        for (int b = 0; b <= events / batch; b++) {
            List<Event> events = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) events.add(sample.next(now));
            batches.add(events);
        }
        return batches;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
