package dev.auditlog.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./auditlog bench}: the benchmark suite. Builds its own data in a temporary directory, runs every
 * section one after another, prints each figure as it is measured, and writes docs/BENCHMARKS.md.
 */
@Command(name = "auditlog bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks Auditlog side by side with its baselines and writes docs/BENCHMARKS.md",
                "(with docs/benchmarks-batch-size.svg). Takes about 7 minutes on 2 cores (up to 15 on a slower machine)."})
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--quick", description = "a tiny run that checks the suite works; its figures mean nothing")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "run only sections whose title contains one of these words (case-insensitive)")
    List<String> only = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "report to write (default ${DEFAULT-VALUE})",
            defaultValue = "docs/BENCHMARKS.md")
    Path out;

    @Option(names = "--ingest-events", paramLabel = "N",
            description = "events per ingest measurement, and entries exported and verified (default: 1,000,000)")
    Integer ingestEvents;

    @Option(names = "--query-entries", paramLabel = "N", description = "entries in the tenant queries run against (default: 10,000,000)")
    Long queryEntries;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where to build data (default: a new temporary directory)")
    Path workDir;

    static List<Section> sections() {
        return List.of(new LibraryIngest(), new EngineCeiling(), new JaversBaseline(), new HttpIngest(),
                new Queries(), new ExportAndVerify(), new Prune(), new ErasureUnderIngest(),
                new PostgresStoreBench());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("auditlog-bench");
        BenchConfig config = quick ? BenchConfig.quick(dir) : BenchConfig.full(dir);
        if (queryEntries != null) config = config.withQueryEntries(queryEntries);
        if (ingestEvents != null) config = config.withIngestEvents(ingestEvents);
        Report report = new Report();
        long start = System.nanoTime();
        try {
            for (Section section : sections()) {
                if (!selected(section)) continue;
                System.out.println();
                System.out.println("== " + section.title());
                section.run(config, report);
            }
        } finally {
            if (workDir == null) deleteTree(dir);
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        report.write(out, "./auditlog bench" + (quick ? " --quick" : ""), minutes);
        System.out.printf(Locale.ROOT, "%nwrote %s (%.1f minutes)%n", out, minutes);
        return 0;
    }

    private boolean selected(Section section) {
        return only.isEmpty() || only.stream().anyMatch(w -> section.title().toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)));
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path p : paths) Files.deleteIfExists(p);
    }
}
