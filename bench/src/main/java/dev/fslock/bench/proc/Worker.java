package dev.fslock.bench.proc;

import com.sun.management.OperatingSystemMXBean;
import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import dev.fslock.protocol.Environment;
import dev.fslock.testing.seed.SeedUnlinkLock;
import dev.fslock.wait.Backoff;
import dev.fslock.zookeeper.ZkLock;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * One contending JVM process of the multi-process harness ({@link Harness}). The other runtimes'
 * workers (bench/workers/*.py, *.js) speak the same file protocol.
 *
 * <pre>
 * Worker VARIANT ID DIR LOCK rounds       # contention rounds, driven by DIR/round-N files
 * Worker VARIANT ID DIR LOCK recover      # recovery: hold until killed, log each acquisition
 * </pre>
 * VARIANT: {@code fslock} (FsLock.acquire), {@code kernel} (FileChannel.lock on an open channel),
 * {@code seed} (the seed's protocol from the test jar, polled with our Backoff: 0.2 ms doubling
 * to 20 ms, with jitter; no inotify), {@code zk} (the ZooKeeper backend's ZkLock.acquire, the
 * lock file's path used as the znode's path; BENCH_ZK_CONNECT names the ensemble).
 *
 * <p>Round file {@code DIR/round-N}, one line: {@code run K CS_NANOS CS_MODE START_NS END_NS} (workers
 * with ID &lt; K take part; CS_MODE spin or sleep), {@code idle K 0 - START_NS END_NS} (sleep: the
 * runtime's own background CPU), or {@code exit}. Each participant writes {@code DIR/r-N-w-ID.tsv}:
 * <pre>
 * # pid PID cpu_ns CPU window_ns WINDOW
 * WAIT_START_NS ACQUIRED_NS RELEASE_START_NS      (one line per acquisition, System.nanoTime)
 * </pre>
 * All times are CLOCK_MONOTONIC (System.nanoTime on Linux), comparable across processes.
 */
public final class Worker {
    private Worker() {}

    /** One lock implementation as a blocking acquire and a release. */
    interface Contender {
        void acquire() throws Exception;

        void release() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String variant = args[0];
        int id = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Path lock = Path.of(args[3]);
        String mode = args[4];
        warmUp(variant, dir.resolve("warm-" + id + "-" + ProcessHandle.current().pid()));
        Contender c = contender(variant, lock);
        if (mode.equals("recover")) {
            recover(c, id, dir);
        } else {
            rounds(c, id, dir);
        }
    }

    static Contender contender(String variant, Path lock) throws IOException {
        switch (variant) {
            case "fslock": {
                FsLock fs = FsLock.open(lock);
                return new Contender() {
                    LockHandle held;

                    @Override
                    public void acquire() throws Exception {
                        held = fs.acquire(Duration.ofMinutes(10));
                    }

                    @Override
                    public void release() throws Exception {
                        held.release();
                    }
                };
            }
            case "kernel": {
                FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                return new Contender() {
                    FileLock held;

                    @Override
                    public void acquire() throws Exception {
                        held = ch.lock();
                    }

                    @Override
                    public void release() throws Exception {
                        held.release();
                    }
                };
            }
            case "seed": {
                SeedUnlinkLock seed = new SeedUnlinkLock(lock, Environment.system());
                return new Contender() {
                    @Override
                    public void acquire() throws Exception {
                        Backoff backoff = new Backoff(200_000, 20_000_000, ThreadLocalRandom.current());
                        while (!seed.tryAcquire()) {
                            TimeUnit.NANOSECONDS.sleep(backoff.nextNanos(Long.MAX_VALUE));
                        }
                    }

                    @Override
                    public void release() throws Exception {
                        seed.release();
                    }
                };
            }
            case "zk": {
                ZkLock zk = ZkLock.open(zkClient(), lock.toString()); // the lock file's path as the znode's
                return new Contender() {
                    LockHandle held;

                    @Override
                    public void acquire() throws Exception {
                        held = zk.acquire(Duration.ofMinutes(10));
                    }

                    @Override
                    public void release() throws Exception {
                        held.release();
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown variant " + variant);
        }
    }

    private static CuratorFramework zkClient;

    /**
     * One ZooKeeper session per worker process (BENCH_ZK_CONNECT, BENCH_ZK_SESSION_MS), shared by
     * the warm-up and the measured lock, as an application would share it.
     */
    private static synchronized CuratorFramework zkClient() throws IOException {
        if (zkClient == null) {
            String connect = System.getenv("BENCH_ZK_CONNECT");
            int sessionMs = Integer.parseInt(Bench.env("BENCH_ZK_SESSION_MS", "2000"));
            if (connect == null) {
                throw new IllegalStateException("BENCH_ZK_CONNECT is not set");
            }
            CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connect).sessionTimeoutMs(sessionMs)
                    .connectionTimeoutMs(10_000).retryPolicy(new ExponentialBackoffRetry(100, 5)).build();
            c.start();
            try {
                if (!c.blockUntilConnected(60, TimeUnit.SECONDS)) {
                    throw new IOException("no ZooKeeper at " + connect + " after 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            zkClient = c;
        }
        return zkClient;
    }

    /** JIT-compiles the acquire and release paths on a private lock before any measurement. */
    private static void warmUp(String variant, Path privateLock) throws Exception {
        Contender c = contender(variant, privateLock);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        for (int i = 0; i < 3000 && System.nanoTime() < until; i++) {
            c.acquire();
            c.release();
        }
        Files.deleteIfExists(privateLock);
        Files.deleteIfExists(privateLock.resolveSibling(privateLock.getFileName() + ".fence"));
    }

    private static void rounds(Contender c, int id, Path dir) throws Exception {
        write(dir.resolve("ready-" + id), "");
        for (int round = 1; ; round++) {
            String[] f = awaitFile(dir.resolve("round-" + round)).trim().split(" ");
            if (f[0].equals("exit")) {
                return;
            }
            int k = Integer.parseInt(f[1]);
            if (id >= k) {
                continue;
            }
            long csNanos = Long.parseLong(f[2]);
            boolean spin = f[3].equals("spin");
            long start = Long.parseLong(f[4]);
            long end = Long.parseLong(f[5]);
            long[] log = new long[3 * 1_000_000];
            int n = 0;
            sleepUntil(start);
            long cpu0 = cpuNanos();
            if (f[0].equals("idle")) {
                sleepUntil(end);
            } else {
                while (System.nanoTime() < end && n < log.length) {
                    long waitStart = System.nanoTime();
                    c.acquire();
                    long acquired = System.nanoTime();
                    if (spin) {
                        while (System.nanoTime() - acquired < csNanos) {
                            Thread.onSpinWait();
                        }
                    } else {
                        TimeUnit.NANOSECONDS.sleep(csNanos);
                    }
                    long releaseStart = System.nanoTime();
                    c.release();
                    log[n++] = waitStart;
                    log[n++] = acquired;
                    log[n++] = releaseStart;
                }
            }
            long cpu1 = cpuNanos();
            Path result = dir.resolve("r-" + round + "-w-" + id + ".tsv");
            Path tmp = result.resolveSibling(result.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write("# pid " + ProcessHandle.current().pid() + " cpu_ns " + (cpu1 - cpu0) + " window_ns " + (end - start)
                        + "\n");
                for (int i = 0; i < n; i += 3) {
                    w.write(log[i] + " " + log[i + 1] + " " + log[i + 2] + "\n");
                }
            }
            Files.move(tmp, result, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Recovery: acquire, say so in DIR/acq-ID (pid and acquisition time), hold until killed. A
     * worker that is not killed releases after a minute, so that nothing hangs forever.
     */
    private static void recover(Contender c, int id, Path dir) throws Exception {
        write(dir.resolve("ready-" + id), Long.toString(ProcessHandle.current().pid()));
        c.acquire();
        long acquired = System.nanoTime();
        write(dir.resolve("acq-" + id), ProcessHandle.current().pid() + " " + acquired);
        TimeUnit.MINUTES.sleep(1);
        c.release();
    }

    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 1_000_000));
        }
    }

    /** Polls every 2 ms for a file written whole (by rename), returns its content. */
    private static String awaitFile(Path file) throws IOException, InterruptedException {
        while (true) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
        }
    }

    /** Writes a file whole: temp file, then rename, so that readers never see it half-written. */
    static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
