package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.fs.OtherProcessLock;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * <p>The dispatcher thread is a daemon and, while no watch is idle, waits for events without
 * spinning; an idle watch is retired after its grace even when nothing happens in the directory,
 * and retiring it removes the kernel's inotify watch (looked up in /proc/self/fdinfo). A waiter is
 * also woken, exactly once, when the kernel lock of a holder it watches is let go (another
 * process, python's {@code lockf}), and closing it lets go of its holder watches.
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
        LockWaiter only = watching(events, lock);
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
        watching(quick, lock).close();
        awaitNoWatch(quick, dir, "an idle watch is cancelled once its grace is over");
        try (LockWaiter again = watching(quick, lock)) {
            assertTrue(quick.watches(dir));
            long mark = again.mark();
            Files.delete(lock);
            awaitChange(again, mark);
            assertEquals(mark + 1, again.mark(), "a watch made after the retirement delivers events");
        }
    }

    @Test
    void aWaiterThatComesBackWhileItsWatchIsRetiredStillGetsEvents() throws Exception {
        // A waiter closes its watch before it sleeps in the queue and registers again as the head:
        // with no grace that often falls while the dispatcher cancels the old key. Each round must
        // still be woken by the lock's departure, not left to its backoff.
        DirectoryEvents quick = startedService(0);
        Path lock = dir.resolve("B");
        for (int round = 0; round < 200; round++) {
            watching(quick, lock).close(); // idle: the dispatcher starts retiring it
            Files.createDirectory(lock);
            try (LockWaiter again = quick.watchLock(lock)) {
                long mark = again.mark();
                Files.delete(lock);
                again.await(mark, TimeUnit.SECONDS.toNanos(10));
                assertEquals(mark + 1, again.mark(), "round " + round + ": registered while the old key was"
                        + " being cancelled, and no event came");
            }
        }
    }

    @Test
    void theDispatcherIsADaemonThatWaitsForEventsWhileNoWatchIsIdle() throws Exception {
        Thread dispatcher = dispatcherOf(events);
        assertTrue(dispatcher.isDaemon(), "the dispatcher would keep the JVM from exiting");
        awaitWaiting(dispatcher); // parked in take(): no timed poll, no spinning
        Path lock = Files.createDirectory(dir.resolve("D"));
        try (LockWaiter waiter = events.watchLock(lock)) {
            awaitWaiting(dispatcher); // a watch in use is not idle either
        }
    }

    @Test
    void anIdleWatchIsRetiredAfterItsGraceThoughNothingHappensAndTheKernelWatchGoes() throws Exception {
        DirectoryEvents graced = startedService(TimeUnit.MILLISECONDS.toNanos(200));
        awaitWaiting(dispatcherOf(graced)); // only the last waiter's close can wake it now
        Path lock = Files.createDirectory(dir.resolve("G"));
        LockWaiter only = watching(graced, lock);
        assertEquals(1, kernelWatchesOf(dir), "the directory has an inotify watch");
        only.close();
        awaitNoWatch(graced, dir, "an idle watch is retired once its grace is over, events or not");
        assertEquals(0, kernelWatchesOf(dir), "the retired watch's inotify watch is removed");
    }

    @Test
    void aDirectoryMadeAgainIsWatchedAgain() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path lock = Files.createDirectory(sub.resolve("L"));
        try (LockWaiter before = watching(events, lock)) {
            Files.delete(lock);
            Files.delete(sub);
            awaitNoWatch(events, sub, "the watch of a removed directory ends");
            Files.createDirectories(lock);
            try (LockWaiter after = watching(events, lock)) {
                assertTrue(events.watches(sub));
                long mark = after.mark();
                Files.delete(lock);
                awaitChange(after, mark);
                assertEquals(mark + 1, after.mark(), "the directory made again is watched again");
            }
        }
    }

    @Test
    void aNameNobodyWaitsForIsForgotten() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("F"));
        try (LockWaiter first = events.watchLock(lock)) {
            long mark = first.mark();
            Files.delete(lock);
            awaitChange(first, mark);
            assertEquals(mark + 1, first.mark());
        }
        try (LockWaiter later = events.watchLock(lock)) {
            assertEquals(0, later.mark(), "a name nobody waited for any more was not forgotten: its count lives on");
        }
    }

    @Test
    void aHolderThatLetsGoWakesTheWaiterOnce() throws Exception {
        Path lock = dir.resolve("H");
        Path entry = Files.createFile(dir.resolve("o1_holder_of_H"));
        try (LockWaiter waiter = events.watchLock(lock)) {
            long mark = waiter.mark();
            Thread waiting;
            try (OtherProcessLock holder = OtherProcessLock.hold(entry)) {
                waiter.watchHolders(List.of(entry));
                assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the holder's entry is watched");
                assertEquals(0, waiter.holdersLeft());
                assertTrue(waiter.wokenByKernel(List.of(entry)), "the directory and the holder's lock are watched");
                waiting = new Thread(() -> {
                    try {
                        waiter.await(mark, TimeUnit.HOURS.toNanos(1));
                    } catch (InterruptedException e) {
                        // the test gave up on it
                    }
                }, "waiter-of-H");
                waiting.setDaemon(true);
                waiting.start();
                awaitState(waiting, Thread.State.TIMED_WAITING);
            }
            try {
                waiting.join(TimeUnit.NANOSECONDS.toMillis(PATIENCE));
                assertFalse(waiting.isAlive(), "the holder's end did not wake the waiter");
            } finally {
                waiting.interrupt();
            }
            assertEquals(mark + 1, waiter.mark(), "one holder's end, one count");
            assertEquals(1, waiter.holdersLeft());
            assertTrue(waiter.freed(entry), "the kernel said the holder let go");
            assertFalse(waiter.freed(dir.resolve("o2_never_watched")));
            assertFalse(waiter.wokenByKernel(List.of(entry)), "its watch is over: only looking can tell now");
        }
    }

    @Test
    void withoutDirectoryEventsAWaiterIsNeverSureToBeWoken() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_holder_of_N"));
        DirectoryEvents none = new DirectoryEvents(null, 0); // a platform without native events
        try (OtherProcessLock holder = OtherProcessLock.hold(entry);
                LockWaiter waiter = none.watchLock(dir.resolve("N"))) {
            waiter.watchHolders(List.of(entry));
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the holder's entry is watched");
            assertFalse(waiter.wokenByKernel(List.of(entry)), "a release by rmdir would go unseen until a look");
        }
    }

    @Test
    void closingAWaiterLetsGoOfItsHolderWatches() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_holder_of_C"));
        try (OtherProcessLock holder = OtherProcessLock.hold(entry)) {
            LockWaiter waiter = events.watchLock(dir.resolve("C"));
            waiter.watchHolders(List.of(entry));
            assertEquals(1, OtherProcessLock.descriptorsOf(entry), "the holder's entry is watched");
            waiter.close();
            assertEquals(0, OtherProcessLock.descriptorsOf(entry), "a closed waiter still watches its holder");
        }
    }

    @Test
    void aWaiterWatchesFromItsFirstMarkOnly() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("M"));
        try (LockWaiter waiter = events.watchLock(lock)) {
            waiter.await(0, 0); // a head that looks at once, as it wakes in the queue
            assertFalse(events.watches(dir), "a wait of zero needs no watch (a round trip to the JDK's thread)");
            long mark = waiter.mark();
            assertTrue(events.watches(dir), "watched from the mark on");
            Files.delete(lock);
            awaitChange(waiter, mark);
            assertEquals(mark + 1, waiter.mark());
        }
    }

    /** Until {@code service} no longer watches {@code dir} (it is cancelled off the waiter's thread), or fails with {@code why}. */
    private static void awaitNoWatch(DirectoryEvents service, Path dir, String why) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE;
        while (service.watches(dir) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertFalse(service.watches(dir), why);
    }

    /** A waiter that has taken its first mark: it watches the directory. */
    private static LockWaiter watching(DirectoryEvents service, Path lock) {
        LockWaiter waiter = service.watchLock(lock);
        waiter.mark();
        return waiter;
    }

    private static Thread dispatcherOf(DirectoryEvents service) throws Exception {
        Field field = DirectoryEvents.class.getDeclaredField("dispatcher");
        field.setAccessible(true);
        synchronized (service) {
            return (Thread) field.get(service);
        }
    }

    /** Until the dispatcher is parked waiting for events only (WAITING, as in take(); not a timed poll). */
    private static void awaitWaiting(Thread dispatcher) throws InterruptedException {
        awaitState(dispatcher, Thread.State.WAITING);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE;
        while (thread.getState() != state && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertEquals(state, thread.getState(), thread.getName());
    }

    /** The kernel's inotify watches of {@code directory} held by this process (/proc/self/fdinfo). */
    private static long kernelWatchesOf(Path directory) throws IOException {
        Path fdinfo = Path.of("/proc/self/fdinfo");
        assumeTrue(Files.isDirectory(fdinfo), "no /proc/self/fdinfo to see inotify watches");
        String ino = " ino:" + Long.toHexString((Long) Files.getAttribute(directory, "unix:ino")) + " ";
        long count = 0;
        try (Stream<Path> fds = Files.list(fdinfo)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    count += Files.readAllLines(fd).stream()
                            .filter(line -> line.startsWith("inotify wd:") && line.contains(ino)).count();
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return count;
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
