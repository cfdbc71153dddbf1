package dev.auditlog.bench;

import dev.auditlog.core.checkpoint.Checkpoint;
import dev.auditlog.core.merkle.Proofs;
import dev.auditlog.core.store.EntryQuery;
import dev.auditlog.core.store.LogStore;
import dev.auditlog.core.merkle.NodeReader;
import dev.auditlog.core.store.QueryParameters;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Reads at scale: one tenant holding {@link BenchConfig#queryEntries()} entries (10 M in a full run), built
 * through the product's own ingest so the tree, tiles and checkpoints are real. Then the first page (50
 * newest) for each filter alone, three combinations, the {@code q} substring and {@code count=true}, and
 * inclusion proofs for random entries, each as p50/p95 (proofs p50/p99).
 */
final class Queries implements Section {
    private static final int RUNS = 20;
    private static final int PROOFS = 2_000;

    @Override
    public String title() {
        return "Queries and inclusion proofs at scale";
    }

    @Override
    public void run(BenchConfig config, Report report) throws Exception {
        String section = title();
        Path dir = config.workDir().resolve("queries");
        try (LogStore store = LibraryIngest.open(dir)) {
            int batch = 1_000;
            SampleBatches batches = new SampleBatches(batch, 200, 11);
            long calls = config.queryEntries() / batch;
            Load.Result built = Load.closed(LibraryIngest.CALLERS, calls, n -> store.append("bench", batches.get(n)));
            report.note(section, String.format("%,d entries in one tenant, appended through the library API in %.0f s "
                    + "(%,.0f events/s at 64 callers × 1,000 events per call).", calls * batch, built.seconds(),
                    calls * batch / built.seconds()));
            firstPages(store, RUNS, report, section, "first page", true);
            Checkpoint cp = store.checkpoint("bench");
            NodeReader nodes = store.nodes("bench");
            Random random = new Random(1);
            Latencies proofs = new Latencies(PROOFS);
            for (int i = 0; i < PROOFS; i++) {
                long seq = random.nextLong(cp.size());
                proofs.time(() -> Proofs.inclusion(seq, cp.size(), nodes));
            }
            report.figure(section, String.format("inclusion proof at %,d entries: p50", cp.size()), proofs.percentileMs(0.50), "ms");
            report.figure(section, String.format("inclusion proof at %,d entries: p99", cp.size()), proofs.percentileMs(0.99), "ms",
                    Target.atMost(2));
        } finally {
            BenchMain.deleteTree(dir);
        }
    }

    /**
     * Times the first page of each of {@link #queries()} in the tenant {@code bench} of {@code store}, after one
     * warm-up run, and reports p50 and p95 as {@code label + ", " + query}; with {@code targets}, against the
     * embedded store's targets (250 ms for {@code q} and counts, 50 ms for the rest).
     */
    static void firstPages(LogStore store, int runs, Report report, String section, String label, boolean targets) {
        for (Map.Entry<String, Map<String, String>> q : queries().entrySet()) {
            EntryQuery query = new QueryParameters(Clock.systemUTC()).parse(q.getValue());
            Latencies times = new Latencies(runs);
            store.query("bench", query);
            for (int i = 0; i < runs; i++) times.time(() -> store.query("bench", query));
            boolean heavy = q.getKey().startsWith("q=") || q.getKey().contains("count=true");
            String name = label + ", " + q.getKey();
            report.figure(section, name + ": p50", times.percentileMs(0.50), "ms");
            report.figure(section, name + ": p95", times.percentileMs(0.95), "ms", targets ? Target.atMost(heavy ? 250 : 50) : null);
        }
    }

    /**
     * The filters of CONTRACT §4, each alone, then combinations. Values occur in the sample data, except
     * {@code event=deleted}: it matches nothing, the worst case of a first page (every row is looked at).
     */
    static Map<String, Map<String, String>> queries() {
        Map<String, Map<String, String>> q = new LinkedHashMap<>();
        q.put("no filter", Map.of());
        q.put("event=deleted", Map.of("event", "deleted"));
        q.put("action=employee.created", Map.of("action", "employee.created"));
        q.put("channel=pii-read", Map.of("channel", "pii-read"));
        q.put("actor=u_42", Map.of("actor", "u_42"));
        q.put("actor=system", Map.of("actor", "system"));
        q.put("actor_type=user", Map.of("actor_type", "user"));
        q.put("target_type=invoice", Map.of("target_type", "invoice"));
        q.put("target_id=142", Map.of("target_id", "142"));
        q.put("concerns=u_42", Map.of("concerns", "u_42"));
        q.put("status=error", Map.of("status", "error"));
        q.put("ip=192.0.2.144", Map.of("ip", "192.0.2.144"));
        q.put("from=today", Map.of("from", LocalDate.now(ZoneOffset.UTC).toString()));
        q.put("period=last_month", Map.of("period", "last_month"));
        q.put("channel+event+status", Map.of("channel", "billing", "event", "updated", "status", "error"));
        q.put("actor+channel", Map.of("actor", "u_42", "channel", "pii-read"));
        q.put("target_type+event+to", Map.of("target_type", "invoice", "event", "deleted", "to", LocalDate.now(ZoneOffset.UTC).toString()));
        q.put("q=ada", Map.of("q", "ada"));
        q.put("q=ada, count=true", Map.of("q", "ada", "count", "true"));
        q.put("count=true", Map.of("count", "true"));
        return q;
    }
}
