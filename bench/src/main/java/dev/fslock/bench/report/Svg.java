package dev.fslock.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart writer: line charts (linear or log x axis) and grouped bar charts, enough for
 * docs/benchmarks.md. No dependencies; every element is computed from the data.
 */
final class Svg {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
    private static final int W = 720;
    private static final int H = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;

    /** One line of a line chart. */
    record Series(String name, double[] xs, double[] ys) {}

    /** One group of bars (one per series value). */
    record Bars(String name, double[] values) {}

    private Svg() {}

    /** A line chart; with {@code logX} the x axis is log10 (values must be positive). */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean logX, double yMax) {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double x : s.xs()) {
                double v = logX ? Math.log10(Math.max(x, 1e-9)) : x;
                xMin = Math.min(xMin, v);
                xMax = Math.max(xMax, v);
            }
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = 0;
            xMax = 1;
        }
        if (logX) {
            xMin = Math.floor(xMin);
            xMax = Math.ceil(xMax);
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        StringBuilder sb = header(title);
        double fxMin = xMin;
        double fxMax = xMax;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (((logX ? Math.log10(Math.max(x, 1e-9)) : x) - fxMin)
                / (fxMax - fxMin)) * (W - LEFT - RIGHT);
        java.util.function.DoubleUnaryOperator py = y -> H - BOTTOM - y / yMax * (H - TOP - BOTTOM);
        // grid and ticks
        for (int i = 0; i <= 4; i++) {
            double y = yMax * i / 4;
            double yy = py.applyAsDouble(y);
            sb.append(line(LEFT, yy, W - RIGHT, yy, "#ddd"));
            sb.append(text(LEFT - 6, yy + 4, fmtTick(y), "end", 11));
        }
        if (logX) {
            for (int e = (int) xMin; e <= (int) xMax; e++) {
                double xx = LEFT + (e - xMin) / (xMax - xMin) * (W - LEFT - RIGHT);
                sb.append(line(xx, TOP, xx, H - BOTTOM, "#ddd"));
                sb.append(text(xx, H - BOTTOM + 16, fmtTick(Math.pow(10, e)), "middle", 11));
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                double x = xMin + (xMax - xMin) * i / 4;
                double xx = LEFT + (double) i / 4 * (W - LEFT - RIGHT);
                sb.append(line(xx, TOP, xx, H - BOTTOM, "#ddd"));
                sb.append(text(xx, H - BOTTOM + 16, fmtTick(x), "middle", 11));
            }
        }
        axes(sb, xLabel, yLabel);
        int i = 0;
        for (Series s : series) {
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int j = 0; j < s.xs().length; j++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(s.xs()[j]),
                        py.applyAsDouble(Math.min(yMax, s.ys()[j]))));
            }
            sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(pts.toString().trim()).append("\"/>\n");
            if (s.xs().length <= 12) {
                for (int j = 0; j < s.xs().length; j++) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                            px.applyAsDouble(s.xs()[j]), py.applyAsDouble(Math.min(yMax, s.ys()[j])), color));
                }
            }
            legend(sb, i, s.name(), color);
            i++;
        }
        return sb.append("</svg>\n").toString();
    }

    /** Grouped bars: one group per category, one bar per {@link Bars} series. */
    static String bars(String title, String yLabel, List<String> categories, List<Bars> series, double yMax) {
        StringBuilder sb = header(title);
        double plotW = W - LEFT - RIGHT;
        double groupW = plotW / Math.max(1, categories.size());
        double barW = groupW * 0.8 / Math.max(1, series.size());
        for (int i = 0; i <= 4; i++) {
            double y = yMax * i / 4;
            double yy = H - BOTTOM - y / yMax * (H - TOP - BOTTOM);
            sb.append(line(LEFT, yy, W - RIGHT, yy, "#ddd"));
            sb.append(text(LEFT - 6, yy + 4, fmtTick(y), "end", 11));
        }
        for (int c = 0; c < categories.size(); c++) {
            sb.append(text(LEFT + groupW * (c + 0.5), H - BOTTOM + 16, categories.get(c), "middle", 11));
        }
        axes(sb, "", yLabel);
        for (int s = 0; s < series.size(); s++) {
            String color = COLORS[s % COLORS.length];
            double[] v = series.get(s).values();
            for (int c = 0; c < v.length && c < categories.size(); c++) {
                double h = Math.min(v[c], yMax) / yMax * (H - TOP - BOTTOM);
                double x = LEFT + groupW * c + groupW * 0.1 + barW * s;
                sb.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x,
                        H - BOTTOM - h, Math.max(1, barW - 1), h, color));
            }
            legend(sb, s, series.get(s).name(), color);
        }
        return sb.append("</svg>\n").toString();
    }

    /** The empirical CDF of {@code sorted}: x = value, y = fraction at or below it (at most 400 points). */
    static Series cdf(String name, long[] sorted, double scale) {
        List<double[]> pts = new ArrayList<>();
        int n = sorted.length;
        int step = Math.max(1, n / 400);
        for (int i = 0; i < n; i += step) {
            pts.add(new double[] {Math.max(sorted[i] * scale, 1e-3), (i + 1.0) / n});
        }
        if (n > 0) {
            pts.add(new double[] {Math.max(sorted[n - 1] * scale, 1e-3), 1.0});
        }
        double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
        return new Series(name, xs, ys);
    }

    private static StringBuilder header(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", W, H, W, H));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
        sb.append(text(W / 2.0 - RIGHT / 2.0 + LEFT / 2.0, 22, title, "middle", 14));
        return sb;
    }

    private static void axes(StringBuilder sb, String xLabel, String yLabel) {
        sb.append(line(LEFT, TOP, LEFT, H - BOTTOM, "#333"));
        sb.append(line(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM, "#333"));
        sb.append(text(LEFT + (W - LEFT - RIGHT) / 2.0, H - 14, xLabel, "middle", 12));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>\n",
                (H - BOTTOM + TOP) / 2.0, (H - BOTTOM + TOP) / 2.0, esc(yLabel)));
    }

    private static void legend(StringBuilder sb, int i, String name, String color) {
        double y = TOP + 10 + i * 20;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>\n",
                W - RIGHT + 12, y - 4, color));
        sb.append(text(W - RIGHT + 32, y + 2, name, "start", 11));
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>\n",
                x, y, size, anchor, esc(s));
    }

    private static String fmtTick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (Math.abs(v) >= 0.01) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
