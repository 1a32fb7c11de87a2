package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import dev.fslock.testing.StepLatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Waiting for a held lock: woken by release, interruptible, and a timeout that explains itself. */
@ParameterizedClass(name = "{0}")
@EnumSource(LockBed.Backend.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30); // a safety net, never reached
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    @Parameter LockBed.Backend backend;
    @TempDir Path tempDir;
    LockBed bed;

    @BeforeEach
    void setUp() {
        bed = backend.create(tempDir);
    }

    @Test
    void waiterAcquiresOnceTheHolderReleases() throws Exception {
        LockHandle held = bed.open("X").acquire(PATIENCE);
        StepLatch waiting = StepLatch.waiting();
        FsLock waiterLock = bed.open("X", FsLockOptions.defaults(), waiting);
        OtherThread<LockHandle> waiter = OtherThread.start("waiter", () -> waiterLock.acquire(PATIENCE));

        waiting.await(SAFETY_NET); // it found the lock held and has waited at least once
        assertTrue(waiter.thread().isAlive(), "it is still waiting");
        held.release();
        LockHandle taken = waiter.join();

        assertTrue(taken.isValid());
        assertTrue(taken.fencingToken() > held.fencingToken());
        assertEquals(List.of(taken.entryName()), bed.entries("X"));
        taken.release();
    }

    @Test
    void interruptWhileWaitingThrowsAndLeavesNothingBehind() throws Exception {
        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            StepLatch waiting = StepLatch.waiting();
            FsLock waiterLock = bed.open("X", FsLockOptions.defaults(), waiting);
            OtherThread<LockHandle> waiter = OtherThread.start("waiter", () -> waiterLock.acquire(PATIENCE));
            waiting.await(SAFETY_NET);

            waiter.thread().interrupt();
            Throwable failure = waiter.joinFailure();

            assertInstanceOf(InterruptedException.class, failure);
            assertEquals(bed.afterWaitingOn("X", "X", "X.fence"), bed.names(), "no temp dir, no fence temp");
            assertEquals(List.of(held.entryName()), bed.entries("X"), "the holder is unaffected");
            assertTrue(held.isValid());
        }
        assertEquals(bed.afterWaitingOn("X", "X.fence"), bed.names());
    }

    @Test
    void interruptFlagSetBeforeAcquireThrowsAtOnceAndCreatesNothing() throws Exception {
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        FsLock lock = bed.open("X", FsLockOptions.defaults(), (owner, action, detail) -> steps.add(action.name()));

        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> lock.acquire(PATIENCE));
        assertFalse(Thread.currentThread().isInterrupted(), "the exception reports the interrupt, the flag is cleared");

        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, lock::acquireInterruptibly);

        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> lock.withLock(PATIENCE, h -> "never run"));

        assertEquals(List.of(), steps, "the lock was not even tried");
        assertEquals(List.of(), bed.names());
    }

    @Test
    void timeoutMessageNamesTheLockTheHolderAndTheRemedy() throws Exception {
        FsLock holderLock = bed.open("X", FsLockOptions.defaults().withLabel("nightly backup"));
        try (LockHandle held = holderLock.acquire(PATIENCE)) {
            Throwable failure = OtherThread.start("late", () -> bed.open("X").acquire(Duration.ofMillis(100))).joinFailure();

            LockTimeoutException e = assertInstanceOf(LockTimeoutException.class, failure);
            String message = e.getMessage();
            System.out.println(message);
            assertTrue(message.startsWith("timed out after "), message);
            assertTrue(message.contains(bed.path("X").toAbsolutePath().toString()), message);
            assertTrue(message.contains("pid " + bed.self().pid() + " on " + bed.self().host()), message);
            assertTrue(message.contains("label \"nightly backup\""), message);
            assertTrue(message.contains("ALIVE"), message);
            assertTrue(message.contains("held for "), message);
            assertTrue(message.contains("It is alive: wait longer, or stop that process."), message);

            LockStatus status = e.status();
            assertEquals(LockStatus.State.HELD, status.state());
            assertEquals(1, status.holders().size());
            assertEquals(held.entryName(), status.holders().get(0).entryName());
            assertEquals(Liveness.ALIVE, status.holders().get(0).liveness());
            assertEquals("nightly backup", status.holders().get(0).label());
            assertEquals(bed.afterWaitingOn("X", "X", "X.fence"), bed.names(), "the timed-out attempt left nothing behind");
        }
    }

    @Test
    void zeroTimeoutIsOneAttemptAndSaysTheLockIsBusy() throws Exception {
        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            Throwable failure = OtherThread.start("late", () -> bed.open("X").acquire(Duration.ZERO)).joinFailure();

            LockTimeoutException e = assertInstanceOf(LockTimeoutException.class, failure);
            assertTrue(e.getMessage().contains(bed.path("X").toAbsolutePath().toString()), e.getMessage());
            assertTrue(held.isValid());
        }
    }

    @Test
    void negativeTimeoutIsRefused() throws Exception {
        FsLock lock = bed.open("X");

        assertThrows(IllegalArgumentException.class, () -> lock.acquire(Duration.ofMillis(-1)));
        assertEquals(List.of(), bed.names());
    }
}
