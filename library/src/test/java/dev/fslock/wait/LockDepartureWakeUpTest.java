package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's lock waiter wakes when the lock's name leaves the directory (release's rmdir, a
 * rename away), and not for the temp files every acquisition creates beside it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockDepartureWakeUpTest {
    @TempDir Path dir;

    @Test
    void otherNamesDoNotWakeTheLocksDepartureDoes() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs inotify");
        Path lock = Files.createDirectory(dir.resolve("X"));
        try (LockWaiter waiter = WaitStrategy.system().watchLock(lock)) {
            long mark = waiter.mark();
            Path temp = Files.createDirectory(dir.resolve(".X.tmp.someone"));
            Files.delete(temp);
            Files.writeString(dir.resolve("X.fence"), "1\n");
            waiter.await(mark, TimeUnit.MILLISECONDS.toNanos(300)); // time for the events to arrive
            assertEquals(mark, waiter.mark(), "woken by the creation or removal of another name");

            Files.delete(lock);
            long started = System.nanoTime();
            waiter.await(mark, TimeUnit.SECONDS.toNanos(30));
            assertNotEquals(mark, waiter.mark(), "not woken by the lock's removal");
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "woken by the timeout, not the event");

            long second = waiter.mark();
            Files.createDirectory(lock);
            Files.move(lock, dir.resolve(".X.tmp.released"));
            waiter.await(second, TimeUnit.SECONDS.toNanos(30));
            assertNotEquals(second, waiter.mark(), "not woken by the lock's rename away");
        }
    }
}
