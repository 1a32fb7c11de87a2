package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch of another process's owner entry (held by python's {@code lockf}, the POSIX lock fslock
 * takes): its subscribers are told FREE when that process lets go, once each; while it waits, this
 * JVM's probe of the entry says HELD without a descriptor of its own; a subscriber that leaves is
 * never told, and the last one to leave ends the watch and closes its descriptor; an entry that is
 * gone is FAILED at once, and one of this JVM's own is never watched.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EntryLockWatchTest {
    @TempDir
    Path dir;

    private final List<String> told = new CopyOnWriteArrayList<>();

    @Test
    void everySubscriberIsToldOnceWhenTheHolderLetsGo() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_their_entry"));
        EntryLockWatch.Subscription first;
        EntryLockWatch.Subscription second;
        try (OtherProcessLock holder = OtherProcessLock.hold(entry)) {
            first = EntryLockWatch.subscribe(entry, end -> told.add("first " + end)).orElseThrow();
            second = EntryLockWatch.subscribe(entry, end -> told.add("second " + end)).orElseThrow();
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "one watch for both subscribers");
            assertEquals(1, EntryLockWatch.active(), "one entry watched");
            assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry), "answered by the watch");
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the probe opened no descriptor beside the watch's");
            assertEquals(List.of(), told);
        }
        awaitUntil(() -> told.size() == 2);
        assertEquals(List.of("first FREE", "second FREE"), told.stream().sorted().toList());
        awaitUntil(() -> EntryLockWatch.active() == 0);
        assertEquals(0, OtherProcessLock.descriptorsOf(entry), "the watch's descriptor is closed");
        first.close();
        second.close(); // after the end: nothing more happens
        assertEquals(2, told.size());
        assertEquals(EntryLockState.FREE, NioFileOps.instance().entryLock(entry));
    }

    @Test
    void aSubscriberThatLeavesIsNotToldAndTheLastOneEndsTheWatch() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_their_entry"));
        try (OtherProcessLock holder = OtherProcessLock.hold(entry)) {
            EntryLockWatch.Subscription leaving =
                    EntryLockWatch.subscribe(entry, end -> told.add("leaving " + end)).orElseThrow();
            EntryLockWatch.Subscription staying =
                    EntryLockWatch.subscribe(entry, end -> told.add("staying " + end)).orElseThrow();
            leaving.close();
            leaving.close(); // twice: still one subscriber left
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the other subscriber still watches");
            assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry));
            staying.close();
            awaitUntil(() -> OtherProcessLock.descriptorsOf(entry) == 0);
            awaitUntil(() -> EntryLockWatch.active() == 0);
            assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry),
                    "the holder still holds it: the probe looks for itself again");
            assertEquals(List.of(), told, "a subscription closed before the end is never told");
        }
    }

    @Test
    void anEntryThatIsGoneFailsAtOnce() {
        Optional<EntryLockWatch.Subscription> none =
                EntryLockWatch.subscribe(dir.resolve("o1_already_released"), end -> told.add("" + end));
        assertTrue(none.isEmpty());
        assertEquals(List.of("FAILED"), told, "told before subscribe returned");
        assertEquals(0, EntryLockWatch.active());
    }

    @Test
    void anEntryOfThisJvmIsNeverWatched() throws Exception {
        Path entry = dir.resolve("o1_our_entry");
        try (EntryFile ours = NioFileOps.instance().createEntry(entry)) {
            assertTrue(ours.lock());
            assertTrue(EntryLockWatch.subscribe(entry, end -> told.add("" + end)).isEmpty());
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "only our own descriptor: a second would drop our lock when closed");
            assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry));
        }
        assertEquals(List.of(), told);
        assertEquals(0, EntryLockWatch.active());
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(1); // polling; the class timeout is the deadline
        }
    }
}
