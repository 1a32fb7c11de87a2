package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import java.nio.file.Path;
import java.time.Duration;

/** Acquires LOCK (waiting up to 2 minutes), prints {@code ACQUIRED <token>}, releases, exits. */
public final class AcquireOnceWorker {
    private AcquireOnceWorker() {}

    public static void main(String[] args) throws Exception {
        try (LockHandle held = FsLock.open(Path.of(args[0])).acquire(Duration.ofMinutes(2))) {
            System.out.println("ACQUIRED " + held.fencingToken());
        }
    }
}
