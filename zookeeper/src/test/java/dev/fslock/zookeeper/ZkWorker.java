package dev.fslock.zookeeper;

import dev.fslock.LockCompromisedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.curator.framework.CuratorFramework;

/**
 * A worker process of the real-process tests: a JVM with its own ZooKeeper session that takes the
 * lock and updates a {@link FencedStore} under it, passing its fencing token.
 *
 * <pre>
 *   counter CONNECT PATH STORE START TIMES SESSION_MS
 *       waits for the START file, then increments the store TIMES times, each a read and a write
 *       with its token under the lock; an increment whose token was refused is done again under a
 *       new acquisition. Prints "done ACCEPTED REFUSED COMPROMISED".
 *   chaos ID CONNECT PATH STORE LOG STOP SEED SESSION_MS
 *       until the STOP file exists: acquire, log "enter ID PID SEQ EPOCH_NANOS TOKEN", increment
 *       the store, log "exit ID PID SEQ EPOCH_NANOS", release. Creates ready-ID beside the log first.
 *   pause CONNECT PATH STORE REPORT GO SESSION_MS
 *       acquires, reads the store with its token, reports "held TOKEN VALUE"; waits for the GO file,
 *       then (without looking at anything else) writes VALUE+1 with its token and reports whether
 *       the store accepted it, whether the handle was still valid then, and how the release went.
 * </pre>
 */
public final class ZkWorker {
    private ZkWorker() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "counter" -> counter(args[1], args[2], Path.of(args[3]), Path.of(args[4]), Integer.parseInt(args[5]),
                    Long.parseLong(args[6]));
            case "chaos" -> chaos(args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]), Path.of(args[6]),
                    Long.parseLong(args[7]), Long.parseLong(args[8]));
            case "pause" -> pause(args[1], args[2], Path.of(args[3]), Path.of(args[4]), Path.of(args[5]),
                    Long.parseLong(args[6]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static ZkLock open(String connect, String path, long sessionMs) throws InterruptedException {
        CuratorFramework client = ZkServers.client(connect, Duration.ofMillis(sessionMs));
        return ZkLock.open(client, path, ZkLockOptions.defaults().withLabel("worker " + ProcessHandle.current().pid()));
    }

    private static void counter(String connect, String path, Path storeFile, Path start, int times, long sessionMs)
            throws Exception {
        ZkLock lock = open(connect, path, sessionMs);
        FencedStore store = new FencedStore(storeFile);
        while (!Files.exists(start)) {
            Thread.sleep(1); // all workers begin together, so that they contend
        }
        int refused = 0;
        int compromised = 0;
        for (int i = 0; i < times; i++) {
            boolean done = false;
            while (!done) {
                ZkLockHandle held = lock.acquire(Duration.ofMinutes(2));
                try {
                    done = increment(store, held.fencingToken());
                    refused += done ? 0 : 1;
                } finally {
                    try {
                        held.release();
                    } catch (LockCompromisedException e) {
                        compromised++; // the session expired (a loaded machine): the store decided already
                    }
                }
            }
        }
        System.out.println("done " + times + " " + refused + " " + compromised);
    }

    /** One read-modify-write of the store with {@code token}: false if the store refused the token. */
    static boolean increment(FencedStore store, long token) throws IOException, InterruptedException {
        OptionalLong value = store.read(token);
        if (value.isEmpty()) {
            return false;
        }
        Thread.sleep(0, 200_000); // the window in which an unprotected increment is lost
        return store.write(token, value.getAsLong() + 1);
    }

    private static void chaos(String id, String connect, String path, Path storeFile, Path log, Path stop, long seed,
                              long sessionMs) throws Exception {
        ZkLock lock = open(connect, path, sessionMs);
        FencedStore store = new FencedStore(storeFile);
        Random random = new Random(seed);
        long pid = ProcessHandle.current().pid();
        lock.status(); // warm up before saying it is ready
        Files.createFile(log.resolveSibling("ready-" + id));
        for (long seq = 1; !Files.exists(stop); seq++) {
            ZkLockHandle held = lock.acquire(Duration.ofMinutes(2));
            try {
                append(log, "enter " + id + " " + pid + " " + seq + " " + now() + " " + held.fencingToken());
                increment(store, held.fencingToken());
                Thread.sleep(random.nextInt(4)); // the critical section's own work
                append(log, "exit " + id + " " + pid + " " + seq + " " + now());
            } finally {
                try {
                    held.release();
                } catch (LockCompromisedException e) {
                    // Its session expired while it held the lock (a stall on a loaded machine): the
                    // next holder may have entered before this exit. The store's journal decides.
                    append(log, "lost " + id + " " + pid + " " + seq + " " + now());
                }
            }
        }
    }

    private static void pause(String connect, String path, Path storeFile, Path report, Path go, long sessionMs)
            throws Exception {
        ZkLock lock = open(connect, path, sessionMs);
        FencedStore store = new FencedStore(storeFile);
        ZkLockHandle held = lock.acquire(Duration.ofMinutes(2));
        long value = store.read(held.fencingToken()).orElseThrow();
        append(report, "held " + held.fencingToken() + " " + value);
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        // Resumed: a program that believes it holds the lock writes at once.
        boolean valid = held.isValid();
        boolean accepted = store.write(held.fencingToken(), value + 1);
        append(report, "write " + (accepted ? "accepted" : "refused") + " valid " + valid);
        try {
            held.release();
            append(report, "released");
        } catch (LockCompromisedException e) {
            append(report, "compromised " + e.getMessage());
        }
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static void append(Path file, String record) throws IOException {
        Files.write(file, (record + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
