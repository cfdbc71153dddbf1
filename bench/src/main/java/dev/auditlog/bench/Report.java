package dev.auditlog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: printed as they come, and written at the end as docs/BENCHMARKS.md with the machine
 * they were measured on, plus an SVG chart of ingest throughput against batch size.
 */
final class Report {
    /** One measured figure; {@code target} is null where the issue sets none. */
    record Figure(String section, String name, double value, String unit, Target target) {
        /** The value as printed: with more digits where rounding would show a missed target as its very bound. */
        String shown() {
            String shown = format(value, Locale.ROOT);
            boolean hidesMiss = target != null && !target.met(value) && shown.equals(format(target.value(), Locale.ROOT));
            return hidesMiss ? String.format(Locale.ROOT, "%.4g", value) : shown;
        }
    }

    /** One point of the throughput-against-batch-size chart. */
    record Point(String series, int batchSize, double eventsPerSecond) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final List<Point> points = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    synchronized void figure(String section, String name, double value, String unit, Target target) {
        Figure f = new Figure(section, name, value, unit, target);
        figures.add(f);
        System.out.printf(Locale.ROOT, "  %-58s %14s %-10s %s%n", name, f.shown(), unit,
                target == null ? "" : "target " + target + (target.met(value) ? "  met" : "  MISSED"));
    }

    synchronized void figure(String section, String name, double value, String unit) {
        figure(section, name, value, unit, null);
    }

    synchronized void point(String series, int batchSize, double eventsPerSecond) {
        points.add(new Point(series, batchSize, eventsPerSecond));
    }

    /** A sentence that explains a figure: what bounds it, what the baseline is. */
    synchronized void note(String section, String text) {
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
        System.out.println("  note: " + text);
    }

    synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }

    static String format(double v, Locale locale) {
        if (Double.isNaN(v)) return "n/a";
        if (Math.abs(v) >= 1000) return String.format(locale, "%,.0f", v);
        if (Math.abs(v) >= 100) return String.format(locale, "%.0f", v);
        if (Math.abs(v) >= 10) return String.format(locale, "%.1f", v);
        return String.format(locale, "%.2f", v);
    }

    /** Writes the markdown report and, next to it, the chart it links to. */
    synchronized void write(Path markdown, String command, double minutes) throws IOException {
        Path chart = markdown.resolveSibling("benchmarks-batch-size.svg");
        Files.writeString(chart, Chart.svg(points));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `").append(command).append("` on ").append(LocalDate.now(ZoneOffset.UTC))
                .append(String.format(Locale.ROOT, " (the whole suite took %.1f minutes).%n%n", minutes));
        md.append("Machine: ").append(machine()).append("\n\n");
        md.append("Every comparison below was measured side by side in the same run. One run, so read the figures as ")
                .append("orders of magnitude; re-run on your own machine before relying on one.\n\n");
        md.append("![ingest throughput against batch size](").append(chart.getFileName()).append(")\n");
        String section = null;
        for (Figure f : figures) {
            if (!f.section().equals(section)) {
                section = f.section();
                md.append("\n## ").append(section).append("\n\n");
                for (String n : notes.getOrDefault(section, List.of())) md.append(n).append("\n\n");
                md.append("| figure | value | unit | target |\n|---|---:|---|---|\n");
            }
            md.append("| ").append(f.name()).append(" | ").append(f.shown()).append(" | ")
                    .append(f.unit()).append(" | ")
                    .append(f.target() == null ? "" : f.target() + (f.target().met(f.value()) ? " — met" : " — **missed**"))
                    .append(" |\n");
        }
        Files.writeString(markdown, md.toString());
    }

    static String machine() {
        String cpu = "unknown CPU";
        try (InputStream in = Files.newInputStream(Path.of("/proc/cpuinfo"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB RAM; %s %s; JDK %s (%s)", cpu,
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }
}
