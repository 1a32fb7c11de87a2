package dev.fslock.process;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A lock holder for {@link ProbeEnvironmentsTest}, run in a child JVM inside the environment under
 * test: acquires LOCK, writes DIR/held (its entry's name), holds until DIR/release exists, then
 * releases and writes DIR/released, or DIR/compromised if somebody broke its lock (exit 3).
 * Network filesystems are allowed: without /proc the JVM cannot tell a filesystem's type.
 *
 * <p>Usage: {@code HoldWorker LOCK DIR}
 */
public final class HoldWorker {
    private HoldWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        FsLock lock = FsLock.open(Path.of(args[0]), FsLockOptions.defaults().withNetworkFileSystemAllowed(true));
        LockHandle held = lock.acquire(Duration.ofSeconds(60));
        Path tmp = dir.resolve(".held.tmp");
        Files.writeString(tmp, held.entryName());
        Files.move(tmp, dir.resolve("held"));
        for (int i = 0; i < 120 * 100 && !Files.exists(dir.resolve("release")); i++) {
            Thread.sleep(10); // polling for the test's signal, at most 2 minutes
        }
        try {
            held.release();
            Files.writeString(dir.resolve("released"), "ok");
        } catch (LockCompromisedException e) {
            Files.writeString(dir.resolve("compromised"), e.getMessage());
            System.exit(3);
        }
    }
}
