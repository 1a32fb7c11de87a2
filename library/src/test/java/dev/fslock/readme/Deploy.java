package dev.fslock.readme;

// The README's example, word for word between the two markers (ReadmeTest checks it, compiles the
// README's copy against the library alone and runs it). Edit both together.
// README:begin
import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import dev.fslock.LockStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

public class Deploy {
    public static void main(String[] args) throws IOException, InterruptedException {
        Path path = Path.of(System.getProperty("java.io.tmpdir"), "deploy.lock");
        FsLock lock = FsLock.open(path, FsLockOptions.defaults().withLabel("deploy"));

        // Wait at most 30 s for the lock; it is released at the end of the block, also on an exception.
        try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
            deploy(held.fencingToken());    // larger than every earlier holder's: pass it to what you update
        }                                   // LockCompromisedException here if someone broke the lock meanwhile

        // One attempt, no waiting: empty if somebody else holds the lock.
        Optional<LockHandle> attempt = lock.tryAcquire();
        if (attempt.isPresent()) {
            try (LockHandle held = attempt.get()) {
                deploy(held.fencingToken());
            }
        } else {
            System.out.println("busy, try later");
        }

        // Wait as long as it takes, unless interrupted.
        try (LockHandle held = lock.acquireInterruptibly()) {
            deploy(held.fencingToken());
        }

        // Open, acquire, run, release: one call.
        String done = FsLock.withLock(path, Duration.ofSeconds(5), held -> "done with token " + held.fencingToken());
        System.out.println(done);

        LockStatus status = lock.status();  // read-only: holders, whether they are alive, since when
        System.out.println(path + " is " + status.state());
    }

    static void deploy(long fencingToken) {
        System.out.println("deploying, fencing token " + fencingToken);
    }
}
// README:end
