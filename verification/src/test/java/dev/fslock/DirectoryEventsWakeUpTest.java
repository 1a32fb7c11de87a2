package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.protocol.Environment;
import dev.fslock.testing.OtherThread;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiter is woken by the filesystem event of the release (inotify, through the JVM-wide
 * WatchService), not by its backoff: with a 30 s probe period, and every wait stretched to a
 * minute, it can only acquire within the bound below thanks to the event.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectoryEventsWakeUpTest {
    /** Each wait the protocol asks for lasts this long unless an event ends it. */
    private static final Duration STRETCHED_WAIT = Duration.ofSeconds(60);
    /** Generous, far below {@link #STRETCHED_WAIT}: only an event can meet it. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir Path dir;

    /** The system's waiters, every wait stretched; opens {@code blocked} each time one starts waiting. */
    private static WaitStrategy stretched(WaitStrategy system, CountDownLatch blocked) {
        return lock -> {
            LockWaiter real = system.watchLock(lock);
            return new LockWaiter() {
                @Override
                public long mark() {
                    return real.mark();
                }

                @Override
                public void await(long mark, long nanos) throws InterruptedException {
                    blocked.countDown();
                    real.await(mark, STRETCHED_WAIT.toNanos());
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        };
    }

    @Test
    void waiterWithALongProbePeriodAcquiresPromptlyAfterRelease() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "prompt filesystem events need inotify; elsewhere waiters rely on backoff");
        Path lockPath = dir.resolve("X");
        FsLockOptions slowProbes = FsLockOptions.defaults().withProbePeriod(Duration.ofSeconds(30));
        LockHandle held = FsLock.open(lockPath).acquire(Duration.ofSeconds(10));

        Environment sys = Environment.system();
        CountDownLatch blocked = new CountDownLatch(1);
        Environment env = new Environment(sys.fs(), sys.liveness(), sys.self(), sys.clock(),
                stretched(WaitStrategy.system(), blocked), sys.random(), sys.nonces(), sys.observer());
        FsLock waiterLock = FsLock.open(lockPath, slowProbes, env);
        long[] acquiredAt = new long[1];
        OtherThread<LockHandle> waiter = OtherThread.start("waiter", () -> {
            LockHandle h = waiterLock.acquire(Duration.ofMinutes(5));
            acquiredAt[0] = System.nanoTime();
            return h;
        });
        assertTrue(blocked.await(OtherThread.SAFETY_NET.toSeconds(), TimeUnit.SECONDS), "the waiter never waited");

        long releasedAt = System.nanoTime();
        held.release();
        waiter.thread().join(BOUND.toMillis());
        boolean acquiredInTime = !waiter.thread().isAlive();
        if (!acquiredInTime) {
            waiter.thread().interrupt(); // do not leave it waiting for a minute
        }

        assertTrue(acquiredInTime, "not acquired within " + BOUND + " of the release: no event woke the waiter");
        LockHandle taken = waiter.join();
        Duration latency = Duration.ofNanos(acquiredAt[0] - releasedAt);
        System.out.printf("wake-up latency after release: %.3f ms%n", latency.toNanos() / 1e6);
        assertTrue(taken.isValid());
        taken.release();
    }
}
