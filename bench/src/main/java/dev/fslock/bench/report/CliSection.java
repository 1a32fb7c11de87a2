package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.f;
import static dev.fslock.bench.report.Results.num;
import static dev.fslock.bench.report.Results.readTsv;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command-line tools' start-up (cli.tsv): flock(1) against {@code fslock run}. */
final class CliSection {
    private final List<Map<String, String>> rows;

    CliSection(Results results) throws IOException {
        this.rows = readTsv(results.file("cli.tsv"));
    }

    /** Milliseconds per uncontended run of {@code tool} (a cli.tsv row's name), NaN if not measured. */
    double uncontendedMs(String tool) {
        return rows.stream().filter(r -> tool.equals(r.get("tool"))).mapToDouble(r -> num(r, "uncontended_ms")).findFirst()
                .orElse(Double.NaN);
    }

    void append(StringBuilder md) {
        if (rows.size() < 2) {
            return;
        }
        md.append("## 5. The command-line tools: flock(1) and `fslock run`\n\n");
        md.append("`flock L true` against `./fslock run L -- true`, run alternately (uncontended) with, for scale, a")
                .append(" bare JVM start (`java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -version`: the JVM")
                .append(" flags the `fslock` launcher uses) and `true` alone; then 4 concurrent shell-less loops of each")
                .append(" tool (contended). Process start-up dominates both tools; for `fslock run` it is a JVM's.\n\n| tool | ms per run, uncontended | runs per second, 4 contending loops |\n|---|---|---|\n");
        for (Map<String, String> r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s |\n", r.get("tool"), f(num(r, "uncontended_ms")),
                    f(num(r, "contended_runs_per_s"))));
        }
        double ratio = num(rows.get(1), "uncontended_ms") / num(rows.get(0), "uncontended_ms");
        md.append(String.format(Locale.ROOT, "\n`fslock run` takes %.0fx as long as `flock` per uncontended run", ratio));
        double jvm = uncontendedMs("bare JVM start");
        double bare = uncontendedMs("true");
        if (!Double.isNaN(jvm) && !Double.isNaN(bare)) {
            md.append(String.format(Locale.ROOT, "; its overhead over running `true` alone, %.0f ms, is %.1fx a bare JVM start",
                    uncontendedMs("fslock run") - bare, (uncontendedMs("fslock run") - bare) / jvm));
        }
        md.append(".\n\n");
    }
}
