package dev.fslock.bench.proc;

import static dev.fslock.bench.proc.Bench.progress;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ZooKeeper backend (dev.fslock.zookeeper.ZkLock) under the same contention and recovery
 * experiments as the file locks, on a one-server and on a three-server ensemble, each started by
 * {@link ZkServer} in its own JVM on this machine and stopped afterwards. Recovery after SIGKILL
 * is bounded by the session timeout: the dead client's ephemeral node stays until the server
 * expires its session. The servers keep their data (and the transaction log they sync on every
 * write) in the bench directory, on the filesystem the file locks use. Writes zkN-contention.tsv, zkN-recovery.tsv and zk.txt (the settings).
 */
final class ZkExperiment {
    static final int TICK_MS = 200;
    /** Within the servers' bounds (2 to 20 ticks); short, so that a killed holder's lock passes on soon. */
    static final int SESSION_MS = 3000;
    static final int[] ENSEMBLES = {1, 3};

    private final Bench bench;

    ZkExperiment(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Files.writeString(bench.out.resolve("zk.txt"), "tick_ms: " + TICK_MS + "\nsession_timeout_ms: " + SESSION_MS
                + "\nensembles: 1, 3\ndata_dir: " + bench.base + "\n");
        for (int n : ENSEMBLES) {
            Path dir = bench.fresh("zk-server-" + n);
            Path connectFile = dir.resolve("connect");
            progress("zk: starting a %d-server ensemble (curator-test, its own JVM)", n);
            Process server = new ProcessBuilder(Bench.concat(List.of("java", "-XX:+UseSerialGC", "-Xmx512m",
                    "-Djava.io.tmpdir=" + dir, "-cp",
                    Bench.env("BENCH_JAR", "bench/target/benchmarks.jar"), ZkServer.class.getName(), Integer.toString(n),
                    Integer.toString(TICK_MS)), connectFile.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            try {
                String connect = awaitConnect(connectFile, server, dir);
                progress("zk: serving at %s", connect);
                String name = "zk" + n;
                Variant v = new Variant(name, "ZkLock, " + n + " server" + (n == 1 ? "" : "s"), "JVM",
                        Bench.concat(bench.java, "zk"), bench.quick ? 4 : 12,
                        Map.of("BENCH_ZK_CONNECT", connect, "BENCH_ZK_SESSION_MS", Integer.toString(SESSION_MS)));
                new ContentionExperiment(bench, List.of(v), name + "-contention.tsv").run();
                new RecoveryExperiment(bench, List.of(v), name + "-recovery.tsv").run();
            } finally {
                server.destroy(); // SIGTERM: its shutdown hook closes the ensemble and removes its data
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static String awaitConnect(Path connectFile, Process server, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(connectFile)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the ZooKeeper ensemble did not start; see " + dir.resolve("server.log"));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Files.readString(connectFile, StandardCharsets.US_ASCII).trim();
    }
}
