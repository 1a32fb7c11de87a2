package dev.fslock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The multi-process benchmark: real processes contending for one lock, crashed holders, and the
 * command-line tools. Writes raw data and summaries (TSV) to OUT; {@link Report} turns them into
 * docs/benchmarks.md.
 *
 * <pre>
 * Harness OUT LOCK_BASE_DIR [--quick] [--variants a,b,...] [--phases contention,recovery,cli]
 * </pre>
 * Environment: BENCH_JAR (this jar), BENCH_WORKERS (bench/workers), BENCH_NODE_PATH (node_modules
 * holding proper-lockfile), BENCH_PYTHON (a python3 with filelock), FSLOCK_CLI (./fslock).
 *
 * <p>Contention: per lock variant, 8 processes start once and run every round (K = 1, 2, 4, 8
 * processes, critical sections of 0 and 100 µs busy work), each round a fixed window on the shared
 * monotonic clock. Then a waiting round (K = 4, each holder sleeps 200 ms: waiters wait most of
 * the time) and an idle round (every process sleeps: the runtime's own CPU use, subtracted).
 */
public final class Harness {
    private static final int[] KS = {1, 2, 4, 8};
    private static final long[] CS_NANOS = {0, 100_000};

    private final Path out;
    private final Path base;
    private final boolean quick;
    private final long windowMs;
    private final Map<String, Variant> variants;
    private final Random random = new Random(42);
    private final Map<Integer, Long> readySince = new java.util.HashMap<>(); // recovery: worker id -> first seen ready

    /** A lock implementation and how to start one of its worker processes. */
    record Variant(String name, String label, String runtime, List<String> command, int recoveryKills) {
        List<String> argv(int id, Path dir, Path lock, String mode) {
            List<String> argv = new ArrayList<>(command);
            argv.addAll(List.of(Integer.toString(id), dir.toString(), lock.toString(), mode));
            return argv;
        }
    }

    Harness(Path out, Path base, boolean quick, List<String> only) {
        this.out = out;
        this.base = base;
        this.quick = quick;
        this.windowMs = quick ? 1000 : 3000;
        String jar = env("BENCH_JAR", "bench/target/benchmarks.jar");
        String workers = env("BENCH_WORKERS", "bench/workers");
        String python = env("BENCH_PYTHON", "/usr/bin/python3");
        List<String> java = List.of("java", "-XX:+UseSerialGC", "-Xmx160m", "-Xshare:auto", "-cp", jar,
                Worker.class.getName());
        int kills = quick ? 8 : 30;
        Map<String, Variant> all = new LinkedHashMap<>();
        all.put("fslock", new Variant("fslock", "fslock (FsLock.acquire)", "JVM", concat(java, "fslock"), kills));
        all.put("kernel", new Variant("kernel", "FileChannel.lock (kernel)", "JVM", concat(java, "kernel"), kills));
        all.put("seed", new Variant("seed", "seed protocol, Java port", "JVM", concat(java, "seed"), kills));
        all.put("py-filelock", new Variant("py-filelock", "Python filelock.FileLock", "Python",
                List.of(python, workers + "/filelock_worker.py", "FileLock"), kills));
        all.put("py-softfilelock", new Variant("py-softfilelock", "Python filelock.SoftFileLock", "Python",
                List.of(python, workers + "/filelock_worker.py", "SoftFileLock"), 1));
        all.put("proper-lockfile", new Variant("proper-lockfile", "npm proper-lockfile", "Node.js",
                List.of("node", workers + "/proper_lockfile_worker.js", "proper-lockfile"), quick ? 2 : 4));
        Map<String, Variant> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, Variant> e : all.entrySet()) {
            if (only.isEmpty() || only.contains(e.getKey())) {
                chosen.put(e.getKey(), e.getValue());
            }
        }
        this.variants = chosen;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path base = Path.of(args[1]);
        boolean quick = false;
        List<String> only = List.of();
        List<String> phases = List.of("contention", "recovery", "cli");
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--variants" -> only = Arrays.asList(args[++i].split(","));
                case "--phases" -> phases = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(out);
        Files.createDirectories(base);
        Harness h = new Harness(out, base, quick, only);
        if (phases.contains("contention")) {
            h.contention();
        }
        if (phases.contains("recovery")) {
            h.recovery();
        }
        if (phases.contains("cli")) {
            h.cli();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Contention

    /** One round as the workers read it. */
    record Round(String kind, int k, long csNanos, String csMode, long windowMs) {}

    private List<Round> rounds() {
        List<Round> rounds = new ArrayList<>();
        for (int k : KS) {
            for (long cs : CS_NANOS) {
                rounds.add(new Round("run", k, cs, "spin", windowMs));
            }
        }
        rounds.add(new Round("run", 4, 200_000_000L, "sleep", quick ? 2000 : 4000)); // waiting cost
        rounds.add(new Round("idle", 8, 0, "-", quick ? 1000 : 2000)); // the runtime's own CPU
        return rounds;
    }

    private void contention() throws Exception {
        Path summary = out.resolve("contention.tsv");
        StringBuilder tsv = new StringBuilder(
                "variant\tk\tcs_ns\tcs_mode\twindow_ms\tacquisitions\tthroughput_per_s\thandoffs\thandoff_p50_us"
                        + "\thandoff_p99_us\thandoff_max_us\tjain\tmin_acq\tmax_acq\tlongest_wait_ms\tcpu_ns\twait_ns"
                        + "\toverlaps\tpasses\tpass_p50_us\tpass_p99_us\n");
        for (Variant v : variants.values()) {
            Path dir = fresh("contention-" + v.name());
            Path lock = dir.resolve("bench.lock");
            progress("contention: %s: starting 8 processes", v.label());
            List<Process> procs = new ArrayList<>();
            for (int id = 0; id < 8; id++) {
                procs.add(start(v, id, dir, lock, "rounds"));
            }
            try {
                awaitReady(dir, 8, procs);
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
                    List<Acq>[] perProc = collect(dir, n, r.k(), procs, r.windowMs());
                    RoundStats s = RoundStats.of(perProc, start, end);
                    if (r.kind().equals("idle")) {
                        idleRate = (double) s.cpuNanos / r.k() / (end - start);
                        Files.writeString(out.resolve("idle-" + v.name() + ".txt"),
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
                            fmt(RoundStats.percentile(s.passes, 99) / 1e3)))
                            .append('\n');
                    String tag = v.name() + "-k" + r.k() + "-cs" + (r.csNanos() / 1000);
                    if (r.csMode().equals("spin")) {
                        Files.writeString(out.resolve("handoff-" + tag + ".txt"), join(s.handoffs));
                        Files.writeString(out.resolve("peracq-" + tag + ".txt"), join(s.perProcess));
                        Files.writeString(out.resolve("pass-" + tag + ".txt"), join(s.passes));
                    }
                    progress("    %d acquisitions (%.0f/s), handoff p50 %.0f us p99 %.0f us (to another process: p50 %.0f us),"
                            + " Jain %.3f, longest wait %.0f ms, overlaps %d", s.acquisitions,
                            s.acquisitions / (r.windowMs() / 1000.0), s.percentile(50) / 1e3, s.percentile(99) / 1e3,
                            RoundStats.percentile(s.passes, 50) / 1e3, s.jain, s.longestWait / 1e6, s.overlaps);
                }
                Files.writeString(out.resolve("contention.tsv"), tsv.toString());
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

    /** One acquisition: when its process started waiting, got the lock, began releasing it. */
    record Acq(long waitStart, long acquired, long releaseStart) {}

    @SuppressWarnings("unchecked")
    private List<Acq>[] collect(Path dir, int round, int k, List<Process> procs, long windowMs) throws Exception {
        List<Acq>[] perProc = new List[k];
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
            List<Acq> acqs = new ArrayList<>();
            long cpu = 0;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split(" ");
                if (line.startsWith("#")) {
                    cpu = Long.parseLong(f[4]);
                } else if (f.length == 3) {
                    acqs.add(new Acq(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                }
            }
            acqs.add(new Acq(-1, cpu, -1)); // sentinel carrying the CPU time
            perProc[id] = acqs;
        }
        return perProc;
    }

    /** The figures of one round. */
    static final class RoundStats {
        int acquisitions;
        long[] handoffs = new long[0]; // release to the next acquisition, by anyone, while another process waited
        long[] passes = new long[0]; // the same, where the next holder is another process
        long[] perProcess;
        double jain;
        int minAcq;
        int maxAcq;
        long longestWait;
        long cpuNanos;
        long waitNanos;
        int overlaps;

        static RoundStats of(List<Acq>[] perProc, long start, long end) {
            RoundStats s = new RoundStats();
            int k = perProc.length;
            s.perProcess = new long[k];
            List<long[]> all = new ArrayList<>(); // {waitStart, acquired, releaseStart, proc}
            for (int p = 0; p < k; p++) {
                for (Acq a : perProc[p]) {
                    if (a.waitStart() < 0) {
                        s.cpuNanos += a.acquired();
                        continue;
                    }
                    all.add(new long[] {a.waitStart(), a.acquired(), a.releaseStart(), p});
                    s.waitNanos += a.acquired() - a.waitStart();
                    s.longestWait = Math.max(s.longestWait, a.acquired() - a.waitStart());
                    if (a.acquired() < end) {
                        s.perProcess[p]++;
                    }
                }
            }
            all.sort((x, y) -> Long.compare(x[1], y[1]));
            s.acquisitions = (int) Arrays.stream(s.perProcess).sum();
            double sum = 0;
            double squares = 0;
            s.minAcq = Integer.MAX_VALUE;
            for (long c : s.perProcess) {
                sum += c;
                squares += (double) c * c;
                s.minAcq = (int) Math.min(s.minAcq, c);
                s.maxAcq = (int) Math.max(s.maxAcq, c);
            }
            s.jain = squares == 0 ? 0 : sum * sum / (k * squares);
            // A handoff: a release while another process waits, to the next acquisition (by anyone).
            long[][] acquiredBy = new long[k][];
            long[][] waitStartBy = new long[k][];
            for (int p = 0; p < k; p++) {
                List<Acq> own = perProc[p].stream().filter(a -> a.waitStart() >= 0).toList(); // in order
                acquiredBy[p] = own.stream().mapToLong(Acq::acquired).toArray();
                waitStartBy[p] = own.stream().mapToLong(Acq::waitStart).toArray();
            }
            List<Long> handoffs = new ArrayList<>();
            List<Long> passes = new ArrayList<>();
            for (int i = 0; i + 1 < all.size(); i++) {
                long[] cur = all.get(i);
                long[] next = all.get(i + 1);
                if (next[1] < cur[2]) {
                    s.overlaps++; // two holders at once: must never happen
                    continue;
                }
                if (cur[2] >= end) {
                    continue;
                }
                if (someoneWaiting(acquiredBy, waitStartBy, (int) cur[3], cur[2])) {
                    handoffs.add(next[1] - cur[2]);
                    if (next[3] != cur[3]) {
                        passes.add(next[1] - cur[2]);
                    }
                }
            }
            s.handoffs = handoffs.stream().mapToLong(Long::longValue).sorted().toArray();
            s.passes = passes.stream().mapToLong(Long::longValue).sorted().toArray();
            return s;
        }

        /** Was a process other than {@code releaser} waiting at {@code release}? */
        private static boolean someoneWaiting(long[][] acquiredBy, long[][] waitStartBy, int releaser, long release) {
            for (int p = 0; p < acquiredBy.length; p++) {
                if (p == releaser) {
                    continue;
                }
                int i = Arrays.binarySearch(acquiredBy[p], release);
                i = i >= 0 ? i + 1 : -i - 1; // first acquisition after the release
                if (i < acquiredBy[p].length && waitStartBy[p][i] < release) {
                    return true;
                }
            }
            return false;
        }

        double percentile(double p) {
            return percentile(handoffs, p);
        }

        static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        double max() {
            return handoffs.length == 0 ? Double.NaN : handoffs[handoffs.length - 1];
        }
    }

    // ------------------------------------------------------------------------------------------
    // Recovery

    private void recovery() throws Exception {
        StringBuilder tsv = new StringBuilder("variant\tkill\trecovery_us\n");
        for (Variant v : variants.values()) {
            Path dir = fresh("recovery-" + v.name());
            Path lock = dir.resolve("bench.lock");
            progress("recovery: %s: %d SIGKILLs of the holder", v.label(), v.recoveryKills());
            Map<Integer, Process> pool = new LinkedHashMap<>();
            readySince.clear();
            int nextId = 0;
            try {
                for (int i = 0; i < 4; i++, nextId++) {
                    pool.put(nextId, start(v, nextId, dir, lock, "recover"));
                }
                int failures = 0;
                for (int kill = 1; kill <= v.recoveryKills(); kill++) {
                    int holder = awaitHolder(dir, pool, -1, TimeUnit.SECONDS.toNanos(120));
                    if (holder < 0) {
                        throw new IllegalStateException("nobody acquired " + lock);
                    }
                    awaitWaiters(dir, pool, holder, 2); // and waiting for a second: past start-up, in steady backoff
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(50));
                    Process victim = pool.remove(holder);
                    long killedAt = System.nanoTime();
                    victim.destroyForcibly(); // SIGKILL
                    long timeout = TimeUnit.SECONDS.toNanos(v.name().equals("proper-lockfile") ? 40 : 10);
                    int next = awaitHolder(dir, pool, holder, timeout);
                    Files.deleteIfExists(dir.resolve("acq-" + holder));
                    if (next < 0) {
                        tsv.append(v.name()).append('\t').append(kill).append("\tNaN\n");
                        progress("    kill %d: nobody acquired within %d s", kill, TimeUnit.NANOSECONDS.toSeconds(timeout));
                        if (++failures >= 1) {
                            break;
                        }
                    } else {
                        long acquiredAt = Long.parseLong(Files.readString(dir.resolve("acq-" + next)).trim().split(" ")[1]);
                        long us = (acquiredAt - killedAt) / 1000;
                        tsv.append(v.name()).append('\t').append(kill).append('\t').append(us).append('\n');
                        progress(us < 0 ? "    kill %d: another process acquired %.1f ms BEFORE the kill: two holders at once"
                                : "    kill %d: next holder after %.1f ms", kill, Math.abs(us) / 1000.0);
                    }
                    pool.put(nextId, start(v, nextId, dir, lock, "recover"));
                    nextId++;
                }
            } finally {
                pool.values().forEach(Process::destroyForcibly);
            }
            Files.writeString(out.resolve("recovery.tsv"), tsv.toString());
        }
    }

    /** The id of a live worker (not {@code except}) that says it acquired the lock, or -1 after the timeout. */
    private int awaitHolder(Path dir, Map<Integer, Process> pool, int except, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            for (int id : pool.keySet()) {
                if (id != except && Files.exists(dir.resolve("acq-" + id))) {
                    return id;
                }
            }
            TimeUnit.MICROSECONDS.sleep(500);
        }
        return -1;
    }

    /** Waits until {@code wanted} workers besides the holder have been waiting for a second or more. */
    private void awaitWaiters(Path dir, Map<Integer, Process> pool, int holder, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long ready = pool.keySet().stream().filter(id -> id != holder).filter(id -> {
                if (Files.exists(dir.resolve("ready-" + id))) {
                    readySince.putIfAbsent(id, now);
                }
                return readySince.containsKey(id) && now - readySince.get(id) >= TimeUnit.SECONDS.toNanos(1);
            }).count();
            if (ready >= wanted) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("waiters did not start in " + dir);
    }

    // ------------------------------------------------------------------------------------------
    // The command-line tools: flock(1) and fslock run

    private void cli() throws Exception {
        String fslock = env("FSLOCK_CLI", "./fslock");
        Path dir = fresh("cli");
        Path flockLock = dir.resolve("flock.lock");
        Path fslockLock = dir.resolve("fslock.lock");
        List<String> flockCmd = List.of("flock", flockLock.toString(), "true");
        List<String> fslockCmd = List.of(fslock, "run", fslockLock.toString(), "--", "true");
        int n = quick ? 3 : 10;
        progress("cli: %d uncontended runs each of flock(1) and fslock run, alternating", n);
        runCommand(fslockCmd); // builds the CLI jar if needed, fills the page cache
        long flockTotal = 0;
        long fslockTotal = 0;
        for (int i = 0; i < n; i++) {
            flockTotal += runCommand(flockCmd);
            fslockTotal += runCommand(fslockCmd);
        }
        int k = 4;
        int m = quick ? 2 : 4;
        progress("cli: %d concurrent loops of %d runs each, flock(1) then fslock run", k, m);
        long flockContended = contendedRuns(flockCmd, k, m);
        long fslockContended = contendedRuns(fslockCmd, k, m);
        String tsv = "tool\tuncontended_ms\tcontended_runs_per_s\n"
                + "flock(1)\t" + fmt(flockTotal / 1e6 / n) + "\t" + fmt(k * m / (flockContended / 1e9)) + "\n"
                + "fslock run\t" + fmt(fslockTotal / 1e6 / n) + "\t" + fmt(k * m / (fslockContended / 1e9)) + "\n";
        Files.writeString(out.resolve("cli.tsv"), tsv);
        progress("%s", tsv.strip());
    }

    private long runCommand(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int status = p.waitFor();
        long t = System.nanoTime() - t0;
        if (status != 0) {
            throw new IllegalStateException(cmd + " exited " + status);
        }
        return t;
    }

    private long contendedRuns(List<String> cmd, int k, int m) throws Exception {
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int j = 0; j < m; j++) {
                        runCommand(cmd);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------------------------------

    private Process start(Variant v, int id, Path dir, Path lock, String mode) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(v.argv(id, dir, lock, mode))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + id + ".log").toFile());
        String nodePath = System.getenv("BENCH_NODE_PATH");
        if (nodePath != null) {
            pb.environment().put("NODE_PATH", nodePath);
        }
        return pb.start();
    }

    private void awaitReady(Path dir, int n, List<Process> procs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (int id = 0; id < n; id++) {
            while (!Files.exists(dir.resolve("ready-" + id))) {
                if (!procs.get(id).isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker " + id + " did not start: "
                            + tail(dir.resolve("worker-" + id + ".log")));
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private Path fresh(String name) throws IOException {
        Path dir = base.resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (NoSuchFileException e) {
            return "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> all = new ArrayList<>(head);
        all.add(last);
        return all;
    }

    private static String micros(long nanos) {
        return nanos >= 1_000_000 ? nanos / 1_000_000 + "ms" : nanos / 1000 + "us";
    }

    static String fmt(double d) {
        return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String join(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(v).append('\n');
        }
        return sb.toString();
    }
}
