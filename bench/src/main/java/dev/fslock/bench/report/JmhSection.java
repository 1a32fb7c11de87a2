package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.f;
import static dev.fslock.bench.report.Results.ratio;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH experiment: uncontended acquire + release in one JVM, on the bench directory's
 * filesystem and on tmpfs (jmh-disk, jmh-tmpfs), and the protocol's bare filesystem calls
 * (jmh-skeleton).
 */
final class JmhSection {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Results results;

    JmhSection(Results results) {
        this.results = results;
    }

    /** Benchmark short name to {score, error} from one of JMH's result files; empty if it is absent. */
    Map<String, double[]> read(String name) throws IOException {
        return readJmh(results.file(name));
    }

    void appendUncontended(StringBuilder md, ContentionSection contention) throws IOException {
        Map<String, double[]> disk = read("jmh-disk.json");
        Map<String, double[]> tmpfs = read("jmh-tmpfs.json");
        if (disk.isEmpty()) {
            return;
        }
        String fs = results.machine.getOrDefault("bench dir filesystem", "disk").split(" ")[0];
        md.append("## 1. Uncontended acquire + release, in one JVM (JMH)\n\n");
        md.append("One thread, one lock, one full acquire + release cycle per operation (average time, JMH 1.37, ")
                .append("1 fork, 4 × 1 s warm-up, 6 × 1 s measurement). Ratios: this row's time over the column's.\n\n");
        md.append("| lock | ").append(fs).append(" µs/op | ± (99.9%) | vs FileChannel.lock (open channel) | vs open+lock+close")
                .append(" | vs create-excl+delete |");
        boolean haveTmpfs = !tmpfs.isEmpty();
        if (haveTmpfs) {
            md.append(" tmpfs µs/op | tmpfs vs create-excl+delete |");
        }
        md.append("\n|---|---|---|---|---|---|").append(haveTmpfs ? "---|---|" : "").append("\n");
        String[][] names = {
            {"fslockTryAcquire", "fslock `tryAcquire` + `release`"},
            {"fslockAcquire", "fslock `acquire(10s)` + `release`"},
            {"seedPort", "seed protocol, Java port (create, write, unlink)"},
            {"createExclDelete", "create-exclusive + delete (cheapest lock file)"},
            {"kernelLockOpenClose", "FileChannel open + lock + close"},
            {"kernelLockOpenChannel", "FileChannel.lock on an open channel (the floor)"},
        };
        double kernel = score(disk, "kernelLockOpenChannel");
        double openClose = score(disk, "kernelLockOpenClose");
        double excl = score(disk, "createExclDelete");
        for (String[] n : names) {
            double s = score(disk, n[0]);
            if (Double.isNaN(s)) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |", n[1], f(s), f(disk.get(n[0])[1]),
                    ratio(s, kernel), ratio(s, openClose), ratio(s, excl)));
            if (haveTmpfs) {
                double t = score(tmpfs, n[0]);
                md.append(String.format(Locale.ROOT, " %s | %s |", Double.isNaN(t) ? "" : f(t),
                        Double.isNaN(t) ? "" : ratio(t, score(tmpfs, "createExclDelete"))));
            }
            md.append("\n");
        }
        contention.appendAcrossRuntimes(md);
    }

    void appendSkeleton(StringBuilder md) throws IOException {
        Map<String, double[]> sk = read("jmh-skeleton.json");
        Map<String, double[]> disk = read("jmh-disk.json");
        if (sk.isEmpty()) {
            return;
        }
        md.append("### Where the uncontended time goes: the protocol's bare filesystem calls (JMH)\n\n");
        md.append("`ProtocolSkeletonBench` makes only the filesystem calls of one acquire + release, with no Java logic")
                .append(" around them, so `symlinkFence` (what fslock does now) against fslock shows what our code adds, and the variants show what")
                .append(" each protocol step costs here. The first row is the protocol before the symlink fence; the")
                .append(" others are proposals (see the analysis).\n\n| calls | µs/op | ± | vs create-excl+delete | vs fslock `tryAcquire` |\n|---|---|---|---|---|\n");
        String[][] names = {
            {"current", "the protocol with a file fence, as first built: mkdir T, create+write T/me, rename T→P, fence (read, create+write temp, rename over), unlink P/me, rmdir P"},
            {"noFence", "without the fence steps"},
            {"symlinkFence", "**fslock now**: the fence as a symbolic link (token in the link target, no data block)"},
            {"reuseDir", "release by rename(P, T) then unlink T/me, T kept: no mkdir/rmdir per cycle"},
            {"reuseDirSymlinkFence", "both"},
        };
        double excl = score(disk, "createExclDelete");
        double ours = score(disk, "fslockTryAcquire");
        for (String[] n : names) {
            double s = score(sk, n[0]);
            if (!Double.isNaN(s)) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", n[1], f(s), f(sk.get(n[0])[1]),
                        ratio(s, excl), ratio(s, ours)));
            }
        }
        md.append("\n");
    }

    static double score(Map<String, double[]> jmh, String name) {
        double[] s = jmh.get(name);
        return s == null ? Double.NaN : s[0];
    }

    /**
     * JMH's JSON result file (-rf json): benchmark short name (the method's) to {score, error} of
     * its primary metric; empty if the file is absent. JMH writes an error it cannot compute (too few
     * samples: one or two) as the string "NaN".
     */
    static Map<String, double[]> readJmh(Path json) throws IOException {
        Map<String, double[]> m = new LinkedHashMap<>();
        if (!Files.exists(json)) {
            return m;
        }
        JsonNode runs = JSON.readTree(json.toFile());
        if (!runs.isArray()) {
            throw new IllegalArgumentException(json + ": not JMH's JSON results (an array of runs)");
        }
        for (JsonNode run : runs) {
            String name = run.required("benchmark").asText();
            JsonNode metric = run.required("primaryMetric");
            m.put(name.substring(name.lastIndexOf('.') + 1),
                    new double[] {number(metric.required("score")), number(metric.required("scoreError"))});
        }
        return m;
    }

    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText())) {
            return Double.parseDouble(n.asText());
        }
        throw new IllegalArgumentException("not a JMH score: " + n);
    }
}
