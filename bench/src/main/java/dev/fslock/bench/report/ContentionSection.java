package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.LABELS;
import static dev.fslock.bench.report.Results.csLabel;
import static dev.fslock.bench.report.Results.f;
import static dev.fslock.bench.report.Results.num;
import static dev.fslock.bench.report.Results.ratio;
import static dev.fslock.bench.report.Results.readLongs;
import static dev.fslock.bench.report.Results.readTsv;
import static dev.fslock.bench.report.Results.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The contention experiment (contention.tsv, idle-*.txt, and the raw pass-* and peracq-* figures):
 * K processes on one lock, what waiting costs, one process looping (uncontended across runtimes),
 * and the plots.
 */
final class ContentionSection {
    private final Results results;
    private final List<Map<String, String>> contention;

    ContentionSection(Results results) throws IOException {
        this(results, "contention.tsv");
    }

    /** The rows of the summaries {@code files} (contention.tsv, zkN-contention.tsv) together. */
    ContentionSection(Results results, String... files) throws IOException {
        this.results = results;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String file : files) {
            rows.addAll(readTsv(results.file(file)));
        }
        this.contention = rows;
    }

    boolean isEmpty() {
        return contention.isEmpty();
    }

    /** Uncontended, across runtimes: the K = 1 rounds. */
    void appendAcrossRuntimes(StringBuilder md) {
        md.append("\n### Uncontended, across runtimes (one process looping, K = 1 round of the multi-process harness)\n\n");
        md.append("The peers are not Java, so JMH cannot run them; this loop is the same for every lock: acquire, ")
                .append("release, repeat for the round's window, timed on the monotonic clock.\n\n");
        md.append("| lock | runtime | acquire+release per second | µs per cycle | fslock's time ÷ this |\n|---|---|---|---|---|\n");
        double ours = perOpMicros("fslock");
        for (String v : LABELS.keySet()) {
            double us = perOpMicros(v);
            if (Double.isNaN(us)) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s |\n", LABELS.get(v), runtime(v), 1e6 / us,
                    f(us), v.equals("fslock") ? "" : String.format(Locale.ROOT, "%.2fx", ours / us)));
        }
        md.append("\n");
    }

    void appendTables(StringBuilder md) {
        if (contention.isEmpty()) {
            return;
        }
        md.append("## 2. Contention: K processes on one lock\n\n");
        explain(md);
        appendTables(md, "###", List.copyOf(LABELS.keySet()));
    }

    static void explain(StringBuilder md) {
        md.append("Each lock variant starts 8 processes once; each round lets K of them loop acquire, critical section")
                .append(" (busy work of 0 or 100 µs), release, for the same window. Times come from the processes' own")
                .append(" `CLOCK_MONOTONIC` readings (Java `System.nanoTime`, Python `time.monotonic_ns`, Node")
                .append(" `process.hrtime`), which are comparable across processes.\n\n")
                .append("- **handoff**: from a holder's release (the moment it calls release) to the next acquisition by")
                .append(" *another* process, counted where another process was waiting at the release.\n")
                .append("- **idle gap**: from a release, while another process waited, to the next acquisition by anyone")
                .append(" (the releaser may barge back in): how long the lock stays unused while wanted.\n")
                .append("- **Jain**: Jain's fairness index over acquisitions per process (1 = equal shares, 1/K = one")
                .append(" process gets everything); **longest wait**: the longest single acquire call.\n")
                .append("- **overlaps**: a sanity check, acquisitions that began before the previous holder's release")
                .append(" began; must be 0.\n\n");
    }

    /** One table per critical section, of {@code variants}' rows, under headings of level {@code h}. */
    void appendTables(StringBuilder md, String h, List<String> variants) {
        for (String cs : List.of("0", "100000")) {
            md.append(h).append(" Critical section ").append(csLabel(cs)).append("\n\n");
            md.append("| lock | K | acq/s | handoff p50 µs | handoff p99 µs | idle gap p50 µs | idle gap p99 µs | Jain |")
                    .append(" fewest/most acq | longest wait ms | overlaps | handoff p50 vs kernel |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String v : variants) {
                for (Map<String, String> r : rows(v, x -> x.get("cs_ns").equals(cs) && x.get("cs_mode").equals("spin"))) {
                    Map<String, String> kernel = row("kernel", r.get("k"), cs);
                    String vsKernel = kernel == null || r.get("k").equals("1") ? ""
                            : ratio(num(r, "pass_p50_us"), num(kernel, "pass_p50_us"));
                    md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %s | %.3f | %s/%s | %.0f | %s | %s |\n",
                            LABELS.get(v), r.get("k"), num(r, "throughput_per_s"), f(num(r, "pass_p50_us")),
                            f(num(r, "pass_p99_us")), f(num(r, "handoff_p50_us")), f(num(r, "handoff_p99_us")),
                            num(r, "jain"), r.get("min_acq"), r.get("max_acq"), num(r, "longest_wait_ms"),
                            r.get("overlaps"), vsKernel));
                }
            }
            md.append("\n");
        }
    }

    /** {raw, net} CPU per second of waiting, as a fraction of one core; null if not measured. */
    double[] waitingCost(String v) throws IOException {
        List<Map<String, String>> rs = rows(v, r -> r.get("cs_mode").equals("sleep"));
        if (rs.isEmpty()) {
            return null;
        }
        Map<String, String> r = rs.get(0);
        double cpu = num(r, "cpu_ns");
        double wait = num(r, "wait_ns");
        double k = num(r, "k");
        double window = num(r, "window_ms") * 1e6;
        Path idleFile = results.file("idle-" + v + ".txt");
        double idle = Files.exists(idleFile) ? Double.parseDouble(Files.readString(idleFile).trim()) : 0;
        return new double[] {cpu / wait, Math.max(0, cpu - idle * k * window) / wait, idle};
    }

    void appendWaitingCost(StringBuilder md) throws IOException {
        if (contention.stream().noneMatch(r -> "sleep".equals(r.get("cs_mode")))) { // no waiting round
            return;
        }
        md.append("## 3. What waiting costs\n\n");
        explainWaitingCost(md);
        appendWaitingCostTable(md);
    }

    static void explainWaitingCost(StringBuilder md) {
        md.append("A round of K = 4 processes whose holders sleep 200 ms: each process waits about three quarters of")
                .append(" the time. CPU time of the whole process (user + system: `OperatingSystemMXBean`,")
                .append(" `time.process_time_ns`, `process.cpuUsage`) over the round, divided by the time its acquire")
                .append(" calls spent waiting: the share of a core one waiter costs, everything in its process counted")
                .append(" (the goal is judged on this). For scale, *sleeping worker*: a worker of the same runtime in a")
                .append(" round where it only sleeps until the round ends, in 1 ms steps (the harness's own timer, a")
                .append(" rough upper bound of the runtime's background use); *net* subtracts it, and is 0 where the")
                .append(" waiting process used less than the sleeping one.\n\n");
    }

    void appendWaitingCostTable(StringBuilder md) throws IOException {
        md.append("| lock | CPU per second of waiting | sleeping worker | net |\n|---|---|---|---|\n");
        for (String v : LABELS.keySet()) {
            double[] w = waitingCost(v);
            if (w != null) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %.2f%% |\n", LABELS.get(v), w[0] * 100,
                        w[2] * 100, w[1] * 100));
            }
        }
        md.append("\n");
    }

    void appendPlots(StringBuilder md, Path imgDir, String imgRel) throws IOException {
        for (String cs : List.of("100", "0")) {
            List<Svg.Series> series = new ArrayList<>();
            for (String v : LABELS.keySet()) {
                Path f = results.file("pass-" + v + "-k8-cs" + cs + ".txt");
                if (Files.exists(f)) {
                    long[] xs = readLongs(f);
                    if (xs.length > 0) {
                        series.add(Svg.cdf(LABELS.get(v), xs, 1e-3));
                    }
                }
            }
            if (!series.isEmpty()) {
                String name = "handoff-cdf-k8-cs" + cs + ".svg";
                Files.writeString(imgDir.resolve(name), Svg.lines("Handoff latency, K = 8, critical section " + cs + " µs",
                        "release to next holder's acquire, µs (log scale)", "fraction of handoffs at or below", series, true,
                        1.0));
                md.append("![Handoff latency CDF, K = 8, cs ").append(cs).append(" µs](").append(imgRel).append('/')
                        .append(name).append(")\n\n");
            }
        }
        List<Svg.Series> jain = new ArrayList<>();
        for (String v : LABELS.keySet()) {
            List<Map<String, String>> rs = rows(v, r -> r.get("cs_ns").equals("100000") && r.get("cs_mode").equals("spin"));
            if (!rs.isEmpty()) {
                jain.add(new Svg.Series(LABELS.get(v), rs.stream().mapToDouble(r -> num(r, "k")).toArray(),
                        rs.stream().mapToDouble(r -> num(r, "jain")).toArray()));
            }
        }
        if (!jain.isEmpty()) {
            Files.writeString(imgDir.resolve("fairness-jain.svg"), Svg.lines("Jain's fairness index, critical section 100 µs",
                    "K processes", "Jain's index (1 = fair)", jain, false, 1.0));
            md.append("![Jain's index by K](").append(imgRel).append("/fairness-jain.svg)\n\n");
        }
        List<Svg.Bars> bars = new ArrayList<>();
        double max = 0;
        for (String v : LABELS.keySet()) {
            Path f = results.file("peracq-" + v + "-k8-cs100.txt");
            if (Files.exists(f)) {
                long[] counts = readLongs(f);
                long total = Arrays.stream(counts).sum();
                double[] shares = Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : 100.0 * c / total).toArray();
                max = Math.max(max, Arrays.stream(shares).max().orElse(0));
                bars.add(new Svg.Bars(LABELS.get(v), shares));
            }
        }
        if (!bars.isEmpty()) {
            List<String> cats = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                cats.add("p" + i);
            }
            Files.writeString(imgDir.resolve("fairness-shares-k8.svg"), Svg.bars(
                    "Share of acquisitions per process, K = 8, cs 100 µs (fair: 12.5%)", "% of the round's acquisitions",
                    cats, bars, Math.ceil(max / 10) * 10));
            md.append("![Acquisitions per process at K = 8](").append(imgRel).append("/fairness-shares-k8.svg)\n\n");
        }
    }

    double perOpMicros(String v) {
        Map<String, String> r = row(v, "1", "0");
        return r == null ? Double.NaN : 1e6 / num(r, "throughput_per_s");
    }

    List<Map<String, String>> rows(String variant, Predicate<Map<String, String>> p) {
        return contention.stream().filter(r -> r.get("variant").equals(variant)).filter(p).toList();
    }

    Map<String, String> row(String variant, String k, String cs) {
        return rows(variant, r -> r.get("k").equals(k) && r.get("cs_ns").equals(cs) && r.get("cs_mode").equals("spin"))
                .stream().findFirst().orElse(null);
    }
}
