package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker process of {@link LostUpdatesTest}: waits for the start file, then increments the
 * number in the counter file {@code times} times, each a read-modify-write under the lock, with a
 * pause between read and write that would lose updates without it.
 *
 * <p>Usage: {@code CounterWorker LOCK COUNTER START TIMES}
 */
public final class CounterWorker {
    private CounterWorker() {}

    public static void main(String[] args) throws Exception {
        Path lockPath = Path.of(args[0]);
        Path counter = Path.of(args[1]);
        Path start = Path.of(args[2]);
        int times = Integer.parseInt(args[3]);
        FsLock lock = FsLock.open(lockPath);
        while (!Files.exists(start)) {
            Thread.sleep(1); // all workers begin together, so that they contend
        }
        for (int i = 0; i < times; i++) {
            try (LockHandle held = lock.acquire(Duration.ofMinutes(2))) {
                long n = Long.parseLong(Files.readString(counter).trim());
                Thread.sleep(0, 200_000); // the window in which an unprotected increment is lost
                Files.writeString(counter, (n + 1) + "\n");
            }
        }
    }
}
