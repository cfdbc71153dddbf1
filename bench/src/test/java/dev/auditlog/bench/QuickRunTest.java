package dev.auditlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The suite runs end to end at a tiny size and writes a report with every section and the chart. Checks that
 * the benchmark works, not how fast anything is: timing assertions do not belong in tests.
 */
class QuickRunTest {
    @TempDir
    Path dir;

    @Test
    void aQuickRunWritesEverySectionAndTheChart() throws Exception {
        Path out = dir.resolve("BENCHMARKS.md");
        int exit = new CommandLine(new BenchMain()).execute("--quick", "--out", out.toString(), "--work-dir", dir.resolve("work").toString());
        assertThat(exit).isZero();
        String md = Files.readString(out);
        for (Section s : BenchMain.sections()) assertThat(md).contains("## " + s.title());
        assertThat(md).contains("Machine: ").contains("benchmarks-batch-size.svg");
        assertThat(Files.readString(dir.resolve("benchmarks-batch-size.svg"))).startsWith("<svg").contains("<path");
    }
}
