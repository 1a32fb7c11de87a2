package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Threads of one JVM exclude each other like processes; a holding thread cannot re-acquire. */
@ParameterizedClass(name = "{0}")
@EnumSource(LockBed.Backend.class)
class ThreadExclusionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int THREADS = 4;
    private static final int ROUNDS = 25 * Integer.getInteger("fslock.test.scale", 1);
    /** A fence far ahead of the clock in microseconds, so that each token is the previous one plus one. */
    private static final long AHEAD_OF_THE_CLOCK = 9_000_000_000_000_000_000L;

    @Parameter LockBed.Backend backend;
    @TempDir Path tempDir;
    LockBed bed;

    @BeforeEach
    void setUp() {
        bed = backend.create(tempDir);
    }

    private int counter; // not atomic on purpose: only the lock protects it
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostInside = new AtomicInteger();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void threadsIncrementingAnUnsafeCounterUnderTheLockLoseNoUpdate() throws Exception {
        bed.fs().createSymlink(bed.path("X.fence"), Long.toString(AHEAD_OF_THE_CLOCK));
        FsLock shared = bed.open("X");
        CountDownLatch start = new CountDownLatch(1);
        List<OtherThread<Long>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            // Half the threads share one FsLock instance, half open their own: both must exclude.
            FsLock lock = t % 2 == 0 ? shared : bed.open("X");
            workers.add(OtherThread.start("worker-" + t, () -> {
                start.await();
                long lastToken = 0;
                for (int i = 0; i < ROUNDS; i++) {
                    try (LockHandle held = lock.acquire(PATIENCE)) {
                        assertTrue(held.fencingToken() > lastToken);
                        lastToken = held.fencingToken();
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        int read = counter;
                        Thread.yield(); // widen the window for a lost update
                        counter = read + 1;
                        inside.decrementAndGet();
                    }
                }
                return lastToken;
            }));
        }
        start.countDown();
        for (OtherThread<Long> w : workers) {
            w.join();
        }

        assertEquals(THREADS * ROUNDS, counter);
        assertEquals(1, mostInside.get(), "never two holders at once");
        assertEquals(AHEAD_OF_THE_CLOCK + THREADS * ROUNDS, bed.open("X").status().lastToken(), "one token per acquisition");
        assertEquals(bed.afterWaitingOn("X", "X.fence"), bed.names());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SAME_THREAD) // interrupts a hang
    void reacquireByTheHoldingThreadFailsAtOnceInsteadOfWaitingForItself() throws Exception {
        FsLock lock = bed.open("X");
        FsLock sameLockOtherInstance = bed.open("X");
        try (LockHandle held = lock.acquire(PATIENCE)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lock.acquire(Duration.ofDays(1)));
            assertTrue(e.getMessage().contains(bed.path("X").toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
            assertThrows(IllegalStateException.class, lock::tryAcquire);
            assertThrows(IllegalStateException.class, lock::acquireInterruptibly);
            assertThrows(IllegalStateException.class, () -> sameLockOtherInstance.acquire(Duration.ofDays(1)));
            assertThrows(IllegalStateException.class, () -> lock.withLock(Duration.ofDays(1), h -> null));

            assertTrue(held.isValid(), "the refused attempts did not disturb the holder");
            assertEquals(List.of(held.entryName()), bed.entries("X"));
            assertEquals(List.of("X", "X.fence"), bed.names());
        }
        try (LockHandle again = lock.acquire(PATIENCE)) {
            assertTrue(again.isValid(), "after release the thread may acquire again");
        }
    }

    @Test
    void holdingOneLockDoesNotStopTheThreadFromTakingAnother() throws Exception {
        try (LockHandle x = bed.open("X").acquire(PATIENCE); LockHandle y = bed.open("Y").acquire(PATIENCE)) {
            assertTrue(x.isValid());
            assertTrue(y.isValid());
        }
    }
}
