package dev.auditlog.bench;

/**
 * One part of the benchmark suite: builds what it measures, measures it, and adds figures to the report.
 * Sections run one after another in one JVM, so a figure never competes with another section for the cores.
 */
interface Section {
    /** The heading of this section in the report. */
    String title();

    void run(BenchConfig config, Report report) throws Exception;
}
