package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
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
 * event of the directory has been counted too: the exact counts below are deterministic. A
 * directory's watch outlives its last waiter (a grace of an hour here, none in the retirement
 * test) and is cancelled by the dispatcher, never on the thread that closes a waiter.
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
    private final List<WatchService> extraServices = new ArrayList<>();

    @BeforeEach
    void freshService() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "needs inotify");
        Method open = DirectoryEvents.class.getDeclaredMethod("openNativeService");
        open.setAccessible(true);
        service = (WatchService) open.invoke(null);
        assertNotNull(service, "inotify is native on Linux");
        events = new DirectoryEvents(service, TimeUnit.HOURS.toNanos(1));
        Method start = DirectoryEvents.class.getDeclaredMethod("startDispatcher");
        start.setAccessible(true);
        start.invoke(events);
    }

    @AfterEach
    void closeService() throws Exception {
        if (service != null) {
            service.close(); // ends its dispatcher
        }
        for (WatchService other : extraServices) {
            other.close();
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

    @Test
    void closingTheLastWaiterKeepsTheWatchForTheNextOne() throws Exception {
        // The waiter's thread closes its waiter inside its acquisition: cancelling the watch there
        // is a round trip through the JDK's watch-service thread (ms). The dispatcher retires it later.
        Path lock = Files.createDirectory(dir.resolve("K"));
        LockWaiter only = events.watchLock(lock);
        only.close();
        assertTrue(events.watches(dir), "the watch outlives its last waiter (for an hour in this service)");
        try (LockWaiter next = events.watchLock(lock)) {
            long mark = next.mark();
            Files.delete(lock);
            awaitChange(next, mark);
            assertEquals(mark + 1, next.mark(), "the kept watch serves the next waiter");
        }
    }

    @Test
    void theDispatcherRetiresAnIdleWatchAndANewWaiterWatchesAgain() throws Exception {
        DirectoryEvents quick = startedService(0);
        Path lock = Files.createDirectory(dir.resolve("R"));
        quick.watchLock(lock).close();
        long deadline = System.nanoTime() + PATIENCE;
        while (quick.watches(dir) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertFalse(quick.watches(dir), "an idle watch is cancelled once its grace is over");
        try (LockWaiter again = quick.watchLock(lock)) {
            assertTrue(quick.watches(dir));
            long mark = again.mark();
            Files.delete(lock);
            awaitChange(again, mark);
            assertEquals(mark + 1, again.mark(), "a watch made after the retirement delivers events");
        }
    }

    /** A service whose watches outlive their last waiter by {@code retireAfterNanos}; closed after the test. */
    private DirectoryEvents startedService(long retireAfterNanos) throws Exception {
        Method open = DirectoryEvents.class.getDeclaredMethod("openNativeService");
        open.setAccessible(true);
        WatchService own = (WatchService) open.invoke(null);
        extraServices.add(own);
        DirectoryEvents made = new DirectoryEvents(own, retireAfterNanos);
        Method start = DirectoryEvents.class.getDeclaredMethod("startDispatcher");
        start.setAccessible(true);
        start.invoke(made);
        return made;
    }

    private static void awaitChange(LockWaiter waiter, long mark) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE;
        while (waiter.mark() == mark && System.nanoTime() < deadline) {
            waiter.await(mark, deadline - System.nanoTime());
        }
    }
}
