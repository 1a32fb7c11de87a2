package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.EntryLockWatch;
import dev.fslock.fs.OtherProcessLock;
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
 * An entry held by another process (python's {@code lockf}) is watched, with one descriptor, until
 * its holder lets go or the waiter no longer waits for it: the watch of an entry left out of the
 * next list, and every watch when the waiter closes, is let go at once (its descriptor closed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HolderWatchesTest {
    @TempDir Path dir;

    @Test
    void anUnlockedEntryWakesOnceAndIsNotWatchedAgain() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_someone_else"));
        AtomicInteger wakes = new AtomicInteger();
        long freedBefore = HolderWatches.freedInThisJvm();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            watches.watch(List.of(entry));
            awaitUntil(() -> wakes.get() == 1);
            assertEquals(1, watches.freed(), "the free lock was not counted");
            assertFalse(watches.watchingAll(List.of(entry)), "never locked: nothing more will come from the kernel");
            assertTrue(watches.freed(entry), "its lock was found free");
            assertFalse(watches.freed(dir.resolve("o1_never_watched")), "an entry never watched was not found free");
            assertTrue(HolderWatches.freedInThisJvm() > freedBefore, "the JVM's count of holder ends seen by the kernel");

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
            assertFalse(watches.freed(dir.resolve("o1_already_released")), "gone is not found free");
        }
    }

    @Test
    void aHeldEntryIsWatchedUntilItsHolderLetsGo() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_held_entry"));
        AtomicInteger wakes = new AtomicInteger();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            try (OtherProcessLock holder = OtherProcessLock.hold(entry)) {
                watches.watch(List.of(entry));
                assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the entry is watched");
                assertEquals(0, wakes.get(), "woken while the holder holds");
                assertFalse(watches.freed(entry));
                assertTrue(watches.watchingAll(List.of(entry)), "its end will wake us");
                assertFalse(watches.watchingAll(List.of(entry, dir.resolve("o1_not_watched"))), "one holder not watched");
                assertFalse(watches.watchingAll(List.of()), "no holder: nothing will wake us");
            }
            awaitUntil(() -> wakes.get() == 1);
            assertFalse(watches.watchingAll(List.of(entry)), "its watch is over");
            assertEquals(1, watches.freed());
            assertTrue(watches.freed(entry), "the holder let go");
            assertEquals(0, OtherProcessLock.descriptorsOf(entry), "the ended watch's descriptor is closed");
        }
    }

    @Test
    void aWatchIsKeptWhileWaitedForAndLetGoWhenNot() throws Exception {
        Path first = Files.createFile(dir.resolve("o1_first_holder"));
        Path second = Files.createFile(dir.resolve("o2_second_holder"));
        AtomicInteger wakes = new AtomicInteger();
        try (OtherProcessLock holdsFirst = OtherProcessLock.hold(first);
                OtherProcessLock holdsSecond = OtherProcessLock.hold(second)) {
            int others = dev.fslock.fs.EntryLockWatch.active(); // other tests' watches in this JVM
            HolderWatches watches = new HolderWatches(wakes::incrementAndGet);
            watches.watch(List.of(first));
            watches.watch(List.of(first)); // the same holder seen again: the same watch
            assertEquals(1, OtherProcessLock.descriptorsOf(first));
            watches.watch(List.of(second)); // the first is no longer waited for
            assertEquals(0, OtherProcessLock.descriptorsOf(first), "the watch of a holder no longer waited for is let go");
            assertEquals(1, OtherProcessLock.descriptorsOf(second));
            // The let-go watch's thread leaves the JVM's table just after its descriptor is closed;
            // a watch that is still ending is not joined (EntryLockWatch.subscribe): wait for it.
            awaitUntil(() -> dev.fslock.fs.EntryLockWatch.active() == others + 1);
            watches.watch(List.of(first, second));
            assertEquals(1, OtherProcessLock.descriptorsOf(first), "watched again: its watch had not ended");
            watches.close();
            assertEquals(0, OtherProcessLock.descriptorsOf(first), "closing the watches lets every one go");
            assertEquals(0, OtherProcessLock.descriptorsOf(second), "closing the watches lets every one go");
            watches.watch(List.of(first)); // after close: nothing
            assertEquals(0, OtherProcessLock.descriptorsOf(first), "watched after close");
            assertEquals(0, wakes.get(), "a watch let go is never told");
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(1); // polling; the class timeout is the deadline
        }
    }
}
