package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel lock on a queue file against another process that holds it (python's {@code lockf},
 * the POSIX lock the JDK takes): taken means not granted, whether at once, after a timeout or on
 * an interrupt; granted when the other lets go; and whatever the outcome, no descriptor of the
 * file stays open unless the lock is held (one left open would keep, or later take, the kernel
 * lock for this process and shut the queue for everyone).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueueFileLockTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @Test
    void aFreeQueueFileIsMadeAndLockedAndClosingLetsItGo() throws Exception {
        Path file = dir.resolve("X.queue");
        QueueFileLock held = QueueFileLock.lock(file, Optional.empty(), 0).orElseThrow();
        assertTrue(Files.isRegularFile(file), "made on first use");
        assertEquals(1, OtherProcessLock.descriptorsOf(file));
        assertEquals(0, OtherProcessLock.tryExclusive(file), "held for other processes to see");
        held.close();
        assertEquals(0, OtherProcessLock.descriptorsOf(file));
        assertEquals(1, OtherProcessLock.tryExclusive(file), "released");
        assertTrue(Files.isRegularFile(file), "never removed");
    }

    @Test
    void aQueueFileMadeWithChosenPermissionsGetsThemWhateverTheUmask() throws Exception {
        Path file = dir.resolve("X.queue");
        QueueFileLock.lock(file, Optional.of(PosixFilePermissions.fromString("rw-rw-rw-")), 0).orElseThrow().close();
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Path theirs = Files.createFile(dir.resolve("Y.queue"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-------"));
        QueueFileLock.lock(theirs, Optional.of(PosixFilePermissions.fromString("rw-rw-rw-")), 0).orElseThrow().close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs)),
                "a file that was already there is never chmodded");
    }

    @Test
    void aQueueFileThatCannotBeOpenedIsNoLockAndLeftAlone() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("X.queue"));
        assertTrue(QueueFileLock.lock(directory, Optional.empty(), LONG).isEmpty());
        assertTrue(QueueFileLock.lock(directory, Optional.of(PosixFilePermissions.fromString("rw-rw----")), LONG).isEmpty());
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void tryLockNeverMakesTheFileAndTellsTakenFromUnusable() throws Exception {
        Path file = dir.resolve("X.queue");
        QueueFileLock.Attempt absent = QueueFileLock.tryLock(file);
        assertTrue(absent.held().isEmpty());
        assertFalse(absent.taken(), "nobody has waited: nobody to go behind");
        assertFalse(Files.exists(file), "never made by a try");

        Files.createFile(file);
        QueueFileLock.Attempt free = QueueFileLock.tryLock(file);
        assertTrue(free.held().isPresent());
        assertFalse(free.taken());
        free.held().orElseThrow().close();
        assertEquals(0, OtherProcessLock.descriptorsOf(file));

        try (OtherProcessLock other = OtherProcessLock.hold(file)) {
            QueueFileLock.Attempt taken = QueueFileLock.tryLock(file);
            assertTrue(taken.held().isEmpty());
            assertTrue(taken.taken(), "another process holds it");
            assertEquals(0, OtherProcessLock.descriptorsOf(file), "a taken try keeps nothing open");
        }
        Path directory = Files.createDirectory(dir.resolve("Y.queue"));
        QueueFileLock.Attempt unusable = QueueFileLock.tryLock(directory);
        assertTrue(unusable.held().isEmpty());
        assertFalse(unusable.taken());
    }

    @Test
    void aTakenQueueFileIsNotGrantedAtOnceNorAfterTheTimeoutAndNothingStaysOpen() throws Exception {
        Path file = Files.createFile(dir.resolve("X.queue"));
        try (OtherProcessLock other = OtherProcessLock.hold(file)) {
            assertTrue(QueueFileLock.lock(file, Optional.empty(), 0).isEmpty(), "no wait: not granted");
            assertEquals(0, OtherProcessLock.descriptorsOf(file));
            assertTrue(QueueFileLock.lock(file, Optional.empty(), TimeUnit.MILLISECONDS.toNanos(20)).isEmpty());
            assertEquals(0, OtherProcessLock.descriptorsOf(file), "the timed-out wait is cancelled with its descriptor");
        }
        // Had the timed-out wait been left pending, it would hold the lock now, for nobody.
        assertEquals(1, OtherProcessLock.tryExclusive(file), "free once the other process let go");
    }

    @Test
    void aWaitIsGrantedWhenTheOtherProcessLetsGo() throws Exception {
        Path file = Files.createFile(dir.resolve("X.queue"));
        CompletableFuture<Optional<QueueFileLock>> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                waiting.complete(QueueFileLock.lock(file, Optional.empty(), LONG));
            } catch (Throwable t) {
                waiting.completeExceptionally(t);
            }
        });
        try (OtherProcessLock other = OtherProcessLock.hold(file)) {
            waiter.start();
            awaitParkedInTheWait(waiter); // not granted by the first try: by the wait
        }
        QueueFileLock granted = waiting.get(60, TimeUnit.SECONDS).orElseThrow();
        assertEquals(0, OtherProcessLock.tryExclusive(file), "held by the waiter now");
        granted.close();
        assertEquals(1, OtherProcessLock.tryExclusive(file));
    }

    @Test
    void anInterruptedWaitThrowsAndKeepsNothing() throws Exception {
        Path file = Files.createFile(dir.resolve("X.queue"));
        try (OtherProcessLock other = OtherProcessLock.hold(file)) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                started.countDown();
                try {
                    outcome.set(new AssertionError("granted: " + QueueFileLock.lock(file, Optional.empty(), LONG)));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            started.await();
            awaitParkedInTheWait(waiter);
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(waiter.isAlive(), "the interrupt did not end the wait");
            assertTrue(outcome.get() instanceof InterruptedException, "ended with " + outcome.get());
            assertEquals(0, OtherProcessLock.descriptorsOf(file), "the pending wait is cancelled with its descriptor");
        }
        assertEquals(1, OtherProcessLock.tryExclusive(file), "the interrupted wait did not take it later");
    }

    @Test
    void aSecondLockOfTheSameFileInThisJvmIsRefusedAndOpensNothingMore() throws Exception {
        Path file = dir.resolve("X.queue");
        try (QueueFileLock held = QueueFileLock.lock(file, Optional.empty(), 0).orElseThrow()) {
            // The JDK refuses overlapping locks within one JVM (the callers' gate keeps it from happening).
            assertTrue(QueueFileLock.lock(file, Optional.empty(), LONG).isEmpty());
            QueueFileLock.Attempt again = QueueFileLock.tryLock(file);
            assertTrue(again.held().isEmpty());
            assertFalse(again.taken(), "not known to be another process's");
            assertEquals(1, OtherProcessLock.descriptorsOf(file), "only the held lock's descriptor");
        }
    }

    @Test
    void aNegativeTimeoutStillTakesAFreeLock() throws Exception {
        Path file = Files.createFile(dir.resolve("X.queue"));
        QueueFileLock.lock(file, Optional.empty(), -1).orElseThrow().close();
        assertEquals(0, OtherProcessLock.descriptorsOf(file));
    }

    /** Returns once {@code waiter} sleeps in the timed wait for the lock (not before: an interrupt there is another path). */
    private static void awaitParkedInTheWait(Thread waiter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(waiter.getState() == Thread.State.TIMED_WAITING && Stream.of(waiter.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(CompletableFuture.class.getName())))) {
            assertTrue(waiter.isAlive(), "the waiter ended before it waited");
            assertTrue(System.nanoTime() < deadline, "the waiter never waited");
            Thread.sleep(1);
        }
    }
}
