package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.csLabel;
import static dev.fslock.bench.report.Results.num;
import static dev.fslock.bench.report.Results.pct;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The goals fslock set itself, each judged on the experiment that measures it. */
final class Goals {
    private final JmhSection jmh;
    private final ContentionSection contention;
    private final RecoverySection recovery;

    Goals(JmhSection jmh, ContentionSection contention, RecoverySection recovery) {
        this.jmh = jmh;
        this.contention = contention;
        this.recovery = recovery;
    }

    private record Goal(String name, String value, boolean met) {}

    void append(StringBuilder md) throws IOException {
        List<Goal> goals = new ArrayList<>();
        Map<String, double[]> jmh = this.jmh.read("jmh-disk.json");
        double ours = JmhSection.score(jmh, "fslockTryAcquire");
        double excl = JmhSection.score(jmh, "createExclDelete");
        if (!Double.isNaN(ours) && !Double.isNaN(excl)) {
            goals.add(new Goal("Uncontended acquire+release within 2x of create-exclusive-then-delete (JMH, same filesystem)",
                    String.format(Locale.ROOT, "%.1fx (%.0f µs vs %.0f µs)", ours / excl, ours, excl), ours / excl <= 2));
        }
        double oursK1 = contention.perOpMicros("fslock");
        double plK1 = contention.perOpMicros("proper-lockfile");
        if (!Double.isNaN(oursK1) && !Double.isNaN(plK1)) {
            goals.add(new Goal("Uncontended at least 2x faster than proper-lockfile (one process looping, K = 1)",
                    String.format(Locale.ROOT, "%.2fx faster (%.0f µs vs %.0f µs per cycle)", plK1 / oursK1, oursK1, plK1),
                    plK1 / oursK1 >= 2));
        }
        double worstRatio = 0;
        String worstAt = "";
        for (Map<String, String> row : contention.rows("fslock", r -> !r.get("k").equals("1") && r.get("cs_mode").equals("spin"))) {
            Map<String, String> kernel = contention.row("kernel", row.get("k"), row.get("cs_ns"));
            if (kernel == null) {
                continue;
            }
            double ratio = num(row, "pass_p50_us") / num(kernel, "pass_p50_us");
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstAt = String.format(Locale.ROOT, "K = %s, cs = %s: %.0f µs vs %.0f µs", row.get("k"),
                        csLabel(row.get("cs_ns")), num(row, "pass_p50_us"), num(kernel, "pass_p50_us"));
            }
        }
        if (!worstAt.isEmpty()) {
            goals.add(new Goal("Handoff latency p50 within 3x of FileChannel.lock's (worst K, cs)",
                    String.format(Locale.ROOT, "%.0fx (%s)", worstRatio, worstAt), worstRatio <= 3));
        }
        double p99 = 0;
        for (Map<String, String> row : contention.rows("fslock", r -> r.get("k").equals("8") && r.get("cs_mode").equals("spin"))) {
            p99 = Math.max(p99, num(row, "pass_p99_us"));
        }
        if (p99 > 0) {
            goals.add(new Goal("Handoff latency p99 under 10 ms at K = 8", String.format(Locale.ROOT, "%.1f ms", p99 / 1000),
                    p99 < 10_000));
        }
        long[] rec = recovery.recoveryOf("fslock");
        if (rec.length > 0) {
            double p50 = pct(rec, 50) / 1000;
            double r99 = pct(rec, 99) / 1000;
            goals.add(new Goal("Recovery after SIGKILL of the holder: p50 under 50 ms, p99 under 200 ms",
                    String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (%d kills)", p50, r99, rec.length),
                    p50 < 50 && r99 < 200));
        }
        double minJain = 2;
        int minAcq = Integer.MAX_VALUE;
        double longest = 0;
        for (Map<String, String> row : contention.rows("fslock", r -> r.get("k").equals("8") && r.get("cs_mode").equals("spin"))) {
            minJain = Math.min(minJain, num(row, "jain"));
            minAcq = Math.min(minAcq, (int) num(row, "min_acq"));
            longest = Math.max(longest, num(row, "longest_wait_ms"));
        }
        if (minJain <= 1) {
            goals.add(new Goal("Jain's fairness index at least 0.9 at K = 8; no waiter starves",
                    String.format(Locale.ROOT, "Jain %.3f (worst cs); fewest acquisitions of a process %d; longest wait %.0f ms",
                            minJain, minAcq, longest), minJain >= 0.9 && minAcq > 0));
        }
        double[] wait = contention.waitingCost("fslock");
        if (wait != null) {
            goals.add(new Goal("Waiting costs under 2% of a core per waiter",
                    String.format(Locale.ROOT, "%.2f%% of a core per waiter, the whole JVM counted", wait[0] * 100),
                    wait[0] < 0.02));
        }
        md.append("## Goals: where fslock stands\n\n| goal | measured | |\n|---|---|---|\n");
        for (Goal g : goals) {
            md.append("| ").append(g.name()).append(" | ").append(g.value()).append(" | ")
                    .append(g.met() ? "met" : "**missed**").append(" |\n");
        }
        md.append("\nWhat bounds each miss, and what would move it: see the analysis at the end.\n\n");
    }
}
