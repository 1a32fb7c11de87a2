package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each waiter counts the departures of its own lock's name, one per departure, however many
 * waiters share the directory's watch, and the watch outlives the closing of any one of them.
 * Events are delivered in order, so once a waiter has seen its lock's departure every earlier
 * event of the directory has been counted too: the exact counts below are deterministic.
 *
 * <p>Each test makes its own event service (the JVM's shared one is made once, and its dispatcher
 * thread started before a test could change anything about it: PIT's mutants of the dispatcher
 * would run only in a fresh one), through the private constructor the shared one uses.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectoryEventsTest {
    private static final long PATIENCE = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private WatchService service;
    private DirectoryEvents events;

    @BeforeEach
    void freshService() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs inotify");
        Method open = DirectoryEvents.class.getDeclaredMethod("openNativeService");
        open.setAccessible(true);
        service = (WatchService) open.invoke(null);
        assertNotNull(service, "inotify is native on Linux");
        Constructor<DirectoryEvents> make = DirectoryEvents.class.getDeclaredConstructor(WatchService.class);
        make.setAccessible(true);
        events = make.newInstance(service);
        Method start = DirectoryEvents.class.getDeclaredMethod("startDispatcher");
        start.setAccessible(true);
        start.invoke(events);
    }

    @AfterEach
    void closeService() throws Exception {
        if (service != null) {
            service.close(); // ends its dispatcher
        }
    }

    @Test
    void theSharedServiceIsOneForTheJvm() {
        assertSame(DirectoryEvents.shared(), DirectoryEvents.shared());
    }

    @Test
    void eachWaiterCountsOnlyItsOwnLocksDeparturesOneEach() throws Exception {
        Path a = Files.createDirectory(dir.resolve("A"));
        Path b = Files.createDirectory(dir.resolve("B"));
        try (LockWaiter forA = events.watchLock(a);
                LockWaiter alsoForA = events.watchLock(a);
                LockWaiter forB = events.watchLock(b)) {
            long markA = forA.mark();
            long markAlso = alsoForA.mark();
            long markB = forB.mark();
            Files.writeString(dir.resolve("A.fence"), "1");
            Files.delete(a);
            awaitChange(forA, markA);
            assertEquals(markA + 1, forA.mark(), "one departure, one count (not the fence's creation)");
            awaitChange(alsoForA, markAlso);
            assertEquals(markAlso + 1, alsoForA.mark(), "every waiter of the lock is woken");
            assertEquals(markB, forB.mark(), "another lock's departure");

            Files.delete(b);
            awaitChange(forB, markB);
            assertEquals(markB + 1, forB.mark());
        }
    }

    @Test
    void theWatchOutlivesAClosedWaiterAndIsMadeAgainAfterTheLast() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("L"));
        LockWaiter first = events.watchLock(lock);
        try (LockWaiter second = events.watchLock(lock)) {
            first.close();
            first.close(); // a second close does nothing: the other waiter keeps its count
            long mark = second.mark();
            Files.delete(lock);
            awaitChange(second, mark);
            assertEquals(mark + 1, second.mark());
        }
        Files.createDirectory(lock);
        try (LockWaiter again = events.watchLock(lock)) {
            long mark = again.mark();
            Files.move(lock, dir.resolve(".L.tmp.released"));
            awaitChange(again, mark);
            assertEquals(mark + 1, again.mark(), "a rename away is a departure too");
        }
    }

    @Test
    void aWaitWithoutEventsEndsAtItsTimeAndAnInterruptEndsItAtOnce() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("Q"));
        try (LockWaiter waiter = events.watchLock(lock)) {
            long mark = waiter.mark();
            waiter.await(mark, TimeUnit.MILLISECONDS.toNanos(20));
            waiter.await(mark, 0);
            assertEquals(mark, waiter.mark());
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> waiter.await(mark, PATIENCE));
        }
    }

    private static void awaitChange(LockWaiter waiter, long mark) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE;
        while (waiter.mark() == mark && System.nanoTime() < deadline) {
            waiter.await(mark, deadline - System.nanoTime());
        }
    }
}
