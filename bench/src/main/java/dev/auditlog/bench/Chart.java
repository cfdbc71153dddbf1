package dev.auditlog.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plain SVG line chart: events/s against events per call, one line per series, batch sizes on a log scale. */
final class Chart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 280;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Chart() {
    }

    static String svg(List<Report.Point> points) {
        Map<String, List<Report.Point>> series = new LinkedHashMap<>();
        for (Report.Point p : points) series.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p);
        double highest = points.stream().mapToDouble(Report.Point::eventsPerSecond).max().orElse(1) * 1.05;
        double step = roundStep(highest / 5);
        int ticks = (int) Math.ceil(highest / step);
        double maxY = step * ticks;
        int minX = points.stream().mapToInt(Report.Point::batchSize).min().orElse(1);
        int maxX = points.stream().mapToInt(Report.Point::batchSize).max().orElse(10);
        double logMin = Math.log10(minX);
        double logSpan = Math.max(1e-9, Math.log10(maxX) - logMin);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">Durable ingest: events/s against events per call</text>%n", LEFT));
        for (int i = 0; i <= ticks; i++) {
            double v = step * i;
            double y = TOP + plotH - plotH * i / (double) ticks;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, LEFT + plotW, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    String.format(Locale.ROOT, "%,d", Math.round(v))));
        }
        points.stream().mapToInt(Report.Point::batchSize).distinct().sorted().forEach(b -> {
            double x = LEFT + plotW * (Math.log10(b) - logMin) / logSpan;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, TOP + plotH + 18, b));
        });
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">events per call (log scale)</text>%n",
                LEFT + plotW / 2, HEIGHT - 10));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, LEFT + plotW, TOP + plotH, TOP + plotH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, LEFT, TOP, TOP + plotH));
        int i = 0;
        for (Map.Entry<String, List<Report.Point>> e : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Report.Point p : e.getValue()) {
                double x = LEFT + plotW * (Math.log10(p.batchSize()) - logMin) / logSpan;
                double y = TOP + plotH - plotH * p.eventsPerSecond() / maxY;
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            }
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            int ly = TOP + 10 + 20 * i;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    WIDTH - RIGHT + 15, WIDTH - RIGHT + 35, ly, ly, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 40, ly + 4, escape(e.getKey())));
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code rough}: round axis labels. */
    private static double roundStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-9))));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * power >= rough) return m * power;
        }
        return 10 * power;
    }
}
