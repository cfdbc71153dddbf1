package dev.auditlog.bench;

import java.nio.file.Path;

/**
 * How big the suite runs.
 *
 * @param workDir       where sections build their stores (deleted by each section when done)
 * @param ingestEvents  events per throughput measurement of ingest
 * @param queryEntries  entries in the one tenant that queries, proofs, export and verify run against
 * @param pruneEntries  entries a retention prune removes while ingest goes on
 * @param quick         a tiny run that checks the suite works (tests), not one whose figures mean anything
 */
record BenchConfig(Path workDir, int ingestEvents, long queryEntries, long pruneEntries, boolean quick) {
    static BenchConfig full(Path workDir) {
        return new BenchConfig(workDir, 1_000_000, 10_000_000, 1_000_000, false);
    }

    BenchConfig withQueryEntries(long entries) {
        return new BenchConfig(workDir, ingestEvents, entries, pruneEntries, quick);
    }

    BenchConfig withIngestEvents(int events) {
        return new BenchConfig(workDir, events, queryEntries, pruneEntries, quick);
    }

    static BenchConfig quick(Path workDir) {
        return new BenchConfig(workDir, 5_000, 20_000, 5_000, true);
    }
}
