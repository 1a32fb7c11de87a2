package dev.fslock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the harness's experiments share: where raw results go (OUT), where the locks are made, the
 * lock variants and how to start their worker processes, and progress lines on stdout.
 * Environment: BENCH_JAR (this jar), BENCH_WORKERS (bench/workers), BENCH_NODE_PATH (node_modules
 * holding proper-lockfile), BENCH_PYTHON (a python3 with filelock), FSLOCK_CLI (./fslock).
 */
final class Bench {
    final Path out;
    final Path base;
    final boolean quick;
    final Map<String, Variant> variants;
    /** The command line of a JVM worker, without its variant. */
    final List<String> java;

    Bench(Path out, Path base, boolean quick, List<String> only) {
        this.out = out;
        this.base = base;
        this.quick = quick;
        String jar = env("BENCH_JAR", "bench/target/benchmarks.jar");
        String workers = env("BENCH_WORKERS", "bench/workers");
        String python = env("BENCH_PYTHON", "/usr/bin/python3");
        this.java = List.of("java", "-XX:+UseSerialGC", "-Xmx160m", "-Xshare:auto", "-cp", jar,
                Worker.class.getName());
        int kills = quick ? 8 : 30;
        Map<String, Variant> all = new LinkedHashMap<>();
        all.put("fslock", new Variant("fslock", "fslock (FsLock.acquire)", "JVM", concat(this.java, "fslock"), kills));
        all.put("kernel", new Variant("kernel", "FileChannel.lock (kernel)", "JVM", concat(this.java, "kernel"), kills));
        all.put("seed", new Variant("seed", "seed protocol, Java port", "JVM", concat(this.java, "seed"), kills));
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

    Process start(Variant v, int id, Path dir, Path lock, String mode) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(v.argv(id, dir, lock, mode))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + id + ".log").toFile());
        pb.environment().putAll(v.env());
        String nodePath = System.getenv("BENCH_NODE_PATH");
        if (nodePath != null) {
            pb.environment().put("NODE_PATH", nodePath);
        }
        return pb.start();
    }

    void awaitReady(Path dir, int n, List<Process> procs) throws Exception {
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

    Path fresh(String name) throws IOException {
        Path dir = base.resolve(name);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
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

    static void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    static List<String> concat(List<String> head, String last) {
        List<String> all = new ArrayList<>(head);
        all.add(last);
        return all;
    }

    static String micros(long nanos) {
        return nanos >= 1_000_000 ? nanos / 1_000_000 + "ms" : nanos / 1000 + "us";
    }

    static String fmt(double d) {
        return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.3f", d);
    }

    static String join(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(v).append('\n');
        }
        return sb.toString();
    }
}
