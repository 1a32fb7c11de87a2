package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fslock.fs.EntryLockWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiter's holder watches: an entry whose kernel lock was found free (nobody locks it: a
 * co-owner's entry, a filesystem without locks, a holder that left) wakes the waiter once and is
 * never watched again by it, or every wait would end at once; an entry that vanished wakes it too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HolderWatchesTest {
    @TempDir Path dir;

    @Test
    void anUnlockedEntryWakesOnceAndIsNotWatchedAgain() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_someone_else"));
        AtomicInteger wakes = new AtomicInteger();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            watches.watch(List.of(entry));
            awaitUntil(() -> wakes.get() == 1);
            assertEquals(1, watches.freed(), "the free lock was not counted");

            watches.watch(List.of(entry)); // the same holder, seen again after the wake-up
            watches.watch(List.of(entry));
            assertEquals(0, EntryLockWatch.active(), "watched again");
            assertEquals(1, wakes.get(), "woken again by the same free lock");
        }
    }

    @Test
    void anEntryThatIsGoneWakesTheWaiterWithoutCountingAFreedLock() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            watches.watch(List.of(dir.resolve("o1_already_released")));
            assertEquals(1, wakes.get());
            assertEquals(0, watches.freed());
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(1); // polling; the class timeout is the deadline
        }
    }
}
