package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the waiters' queues come from: a strategy without one has the unavailable queue (every
 * waiter on its own); the system's is the kernel lock on NAME.queue, made with the chosen mode
 * when a lock is shared between users; a strategy given queue permissions passes them on and
 * watches locks as before.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitStrategyTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @Test
    void aStrategyWithoutAQueueLetsEveryWaiterWaitOnItsOwn() throws Exception {
        WaitStrategy sleeping = lock -> null;
        assertSame(WaitQueue.UNAVAILABLE, sleeping.queue(dir.resolve("X.queue")));
        assertSame(WaitQueue.UNAVAILABLE, sleeping.queue(dir.resolve("X.queue"), Set.of(PosixFilePermission.OWNER_READ)));
        assertTrue(WaitQueue.UNAVAILABLE.join(LONG).isUnavailable());
    }

    @Test
    void theSystemsQueueIsTheKernelLockOnTheQueueFileMadeWithTheChosenMode() throws Exception {
        Path file = dir.resolve("X.queue");
        WaitQueue.Place head = WaitStrategy.system().queue(file).join(LONG);
        assertTrue(head.isHead());
        head.close();

        Path shared = dir.resolve("Y.queue");
        WaitStrategy forGroup = WaitStrategy.system().withQueuePermissions(PosixFilePermissions.fromString("rw-rw-rw-"));
        WaitQueue.Place first = forGroup.queue(shared).join(LONG);
        assertTrue(first.isHead());
        first.close();
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)),
                "whatever the umask: the lock's other users must be able to open it");
    }

    @Test
    void queuePermissionsArePassedOnAndLocksWatchedAsBefore() throws Exception {
        List<String> asked = new ArrayList<>();
        LockWaiter waiter = new LockWaiter() {
            @Override
            public long mark() {
                return 0;
            }

            @Override
            public void await(long mark, long nanos) {}

            @Override
            public void close() {}
        };
        WaitQueue queue = timeoutNanos -> WaitQueue.Place.timedOut();
        WaitStrategy base = new WaitStrategy() {
            @Override
            public LockWaiter watchLock(Path lock) {
                asked.add("watch " + lock.getFileName());
                return waiter;
            }

            @Override
            public WaitQueue queue(Path queueFile, Set<PosixFilePermission> permissions) {
                asked.add("queue " + queueFile.getFileName() + " " + PosixFilePermissions.toString(permissions));
                return queue;
            }
        };
        WaitStrategy chosen = base.withQueuePermissions(PosixFilePermissions.fromString("rw-rw----"));
        assertSame(queue, chosen.queue(dir.resolve("X.queue")));
        assertSame(waiter, chosen.watchLock(dir.resolve("X")));
        assertEquals(List.of("queue X.queue rw-rw----", "watch X"), asked);
    }
}
