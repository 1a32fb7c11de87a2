package dev.fslock.bench.proc;

import static dev.fslock.bench.proc.Bench.fmt;
import static dev.fslock.bench.proc.Bench.join;
import static dev.fslock.bench.proc.Bench.micros;
import static dev.fslock.bench.proc.Bench.progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Contention: per lock variant, 8 processes start once and run every round (K = 1, 2, 4, 8
 * processes, critical sections of 0 and 100 µs busy work), each round a fixed window on the shared
 * monotonic clock. Then a waiting round (K = 4, each holder sleeps 200 ms: waiters wait most of
 * the time) and an idle round (every process sleeps: the runtime's own CPU use, subtracted).
 * Writes contention.tsv, idle-VARIANT.txt and per round the raw handoff, pass and per-process
 * figures ({@link RoundStats}).
 */
final class ContentionExperiment {
    private static final int[] KS = {1, 2, 4, 8};
    private static final long[] CS_NANOS = {0, 100_000};

    private final Bench bench;
    private final Collection<Variant> variants;
    private final String summaryName;
    private final long windowMs;

    ContentionExperiment(Bench bench) {
        this(bench, bench.variants.values(), "contention.tsv");
    }

    /** The rounds for {@code variants}, summarised in OUT/{@code summaryName}. */
    ContentionExperiment(Bench bench, Collection<Variant> variants, String summaryName) {
        this.bench = bench;
        this.variants = variants;
        this.summaryName = summaryName;
        this.windowMs = bench.quick ? 1000 : 3000;
    }

    /** One round as the workers read it. */
    record Round(String kind, int k, long csNanos, String csMode, long windowMs) {}

    private List<Round> rounds() {
        List<Round> rounds = new ArrayList<>();
        for (int k : KS) {
            for (long cs : CS_NANOS) {
                rounds.add(new Round("run", k, cs, "spin", windowMs));
            }
        }
        rounds.add(new Round("run", 4, 200_000_000L, "sleep", bench.quick ? 2000 : 4000)); // waiting cost
        rounds.add(new Round("idle", 8, 0, "-", bench.quick ? 1000 : 2000)); // the runtime's own CPU
        return rounds;
    }

    void run() throws Exception {
        Path summary = bench.out.resolve(summaryName);
        StringBuilder tsv = new StringBuilder(
                "variant\tk\tcs_ns\tcs_mode\twindow_ms\tacquisitions\tthroughput_per_s\thandoffs\thandoff_p50_us"
                        + "\thandoff_p99_us\thandoff_max_us\tjain\tmin_acq\tmax_acq\tlongest_wait_ms\tcpu_ns\twait_ns"
                        + "\toverlaps\tpasses\tpass_p50_us\tpass_p99_us\tmean_wait_ms\n");
        for (Variant v : variants) {
            Path dir = bench.fresh("contention-" + v.name());
            Path lock = dir.resolve("bench.lock");
            progress("contention: %s: starting 8 processes", v.label());
            List<Process> procs = new ArrayList<>();
            for (int id = 0; id < 8; id++) {
                procs.add(bench.start(v, id, dir, lock, "rounds"));
            }
            try {
                bench.awaitReady(dir, 8, procs);
                double idleRate = 0;
                int n = 0;
                for (Round r : rounds()) {
                    n++;
                    progress("contention: %s: round %d: %s K=%d cs=%s (%d ms)", v.label(), n, r.kind(), r.k(),
                            micros(r.csNanos()), r.windowMs());
                    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                    long end = start + TimeUnit.MILLISECONDS.toNanos(r.windowMs());
                    Worker.write(dir.resolve("round-" + n), String.format(Locale.ROOT, "%s %d %d %s %d %d\n", r.kind(),
                            r.k(), r.csNanos(), r.csMode(), start, end));
                    List<RoundStats.Acq>[] perProc = collect(dir, n, r.k(), procs, r.windowMs());
                    RoundStats s = RoundStats.of(perProc, start, end);
                    if (r.kind().equals("idle")) {
                        idleRate = (double) s.cpuNanos / r.k() / (end - start);
                        Files.writeString(bench.out.resolve("idle-" + v.name() + ".txt"),
                                String.format(Locale.ROOT, "%.6f\n", idleRate));
                        continue;
                    }
                    tsv.append(String.join("\t", v.name(), Integer.toString(r.k()), Long.toString(r.csNanos()),
                            r.csMode(), Long.toString(r.windowMs()), Integer.toString(s.acquisitions),
                            fmt(s.acquisitions / (r.windowMs() / 1000.0)), Integer.toString(s.handoffs.length),
                            fmt(s.percentile(50) / 1e3), fmt(s.percentile(99) / 1e3), fmt(s.max() / 1e3), fmt(s.jain),
                            Integer.toString(s.minAcq), Integer.toString(s.maxAcq), fmt(s.longestWait / 1e6),
                            Long.toString(s.cpuNanos), Long.toString(s.waitNanos), Integer.toString(s.overlaps),
                            Integer.toString(s.passes.length), fmt(RoundStats.percentile(s.passes, 50) / 1e3),
                            fmt(RoundStats.percentile(s.passes, 99) / 1e3), fmt(s.meanWait() / 1e6)))
                            .append('\n');
                    String tag = v.name() + "-k" + r.k() + "-cs" + (r.csNanos() / 1000);
                    if (r.csMode().equals("spin")) {
                        Files.writeString(bench.out.resolve("handoff-" + tag + ".txt"), join(s.handoffs));
                        Files.writeString(bench.out.resolve("peracq-" + tag + ".txt"), join(s.perProcess));
                        Files.writeString(bench.out.resolve("pass-" + tag + ".txt"), join(s.passes));
                    }
                    progress("    %d acquisitions (%.0f/s), handoff p50 %.0f us p99 %.0f us (to another process: p50 %.0f us),"
                            + " Jain %.3f, longest wait %.0f ms, overlaps %d", s.acquisitions,
                            s.acquisitions / (r.windowMs() / 1000.0), s.percentile(50) / 1e3, s.percentile(99) / 1e3,
                            RoundStats.percentile(s.passes, 50) / 1e3, s.jain, s.longestWait / 1e6, s.overlaps);
                }
                Files.writeString(summary, tsv.toString());
                Worker.write(dir.resolve("round-" + (n + 1)), "exit\n");
                for (Process p : procs) {
                    p.waitFor(20, TimeUnit.SECONDS);
                }
            } finally {
                procs.forEach(Process::destroyForcibly);
            }
            Files.writeString(summary, tsv.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private List<RoundStats.Acq>[] collect(Path dir, int round, int k, List<Process> procs, long windowMs) throws Exception {
        List<RoundStats.Acq>[] perProc = new List[k];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(windowMs + 120_000);
        for (int id = 0; id < k; id++) {
            Path file = dir.resolve("r-" + round + "-w-" + id + ".tsv");
            while (!Files.exists(file)) {
                if (!procs.get(id).isAlive()) {
                    throw new IllegalStateException("worker " + id + " died; see " + dir.resolve("worker-" + id + ".log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker " + id + " did not finish round " + round);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            List<RoundStats.Acq> acqs = new ArrayList<>();
            long cpu = 0;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split(" ");
                if (line.startsWith("#")) {
                    cpu = Long.parseLong(f[4]);
                } else if (f.length == 3) {
                    acqs.add(new RoundStats.Acq(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                }
            }
            acqs.add(new RoundStats.Acq(-1, cpu, -1)); // sentinel carrying the CPU time
            perProc[id] = acqs;
        }
        return perProc;
    }
}
