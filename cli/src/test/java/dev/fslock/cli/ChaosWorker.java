package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import dev.fslock.LockTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * A worker process of {@link KillChaosTest}: until the stop file exists, acquires the lock and runs
 * a short critical section that appends an enter and an exit record to the log:
 * <pre>
 *   enter ID PID SEQ EPOCH_NANOS TOKEN
 *   exit ID PID SEQ EPOCH_NANOS
 * </pre>
 * Each record is one {@code write(2)} in append mode, so records never interleave. Before its first
 * attempt it creates {@code ready-ID} beside the log, so that the test can tell a waiter from a JVM
 * still starting.
 *
 * <p>Usage: {@code ChaosWorker ID LOCK LOG STOP SEED}
 */
public final class ChaosWorker {
    private ChaosWorker() {}

    public static void main(String[] args) throws Exception {
        String id = args[0];
        FsLock lock = FsLock.open(Path.of(args[1]));
        Path log = Path.of(args[2]);
        Path stop = Path.of(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        long pid = ProcessHandle.current().pid();
        lock.status(); // warm up (classes, /proc, the filesystem) before saying it is ready
        Files.createFile(log.resolveSibling("ready-" + id));
        for (long seq = 1; !Files.exists(stop); seq++) {
            try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
                append(log, "enter " + id + " " + pid + " " + seq + " " + now() + " " + held.fencingToken());
                Thread.sleep(1 + random.nextInt(5)); // the critical section's work
                append(log, "exit " + id + " " + pid + " " + seq + " " + now());
            } catch (LockTimeoutException e) {
                System.err.println(e.getMessage()); // reported; the test sees no progress and fails
            }
        }
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void append(Path log, String record) throws IOException {
        Files.write(log, (record + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
