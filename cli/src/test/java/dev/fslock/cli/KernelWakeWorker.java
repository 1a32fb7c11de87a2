package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import dev.fslock.internal.Internals;
import dev.fslock.protocol.Environment;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A waiter in its own JVM for {@link KernelWakeUpTest}: acquires LOCK with a probe period of 30 s
 * and a waiter whose timer is switched off until the kernel said a holder left (each wait lasts
 * up to 2 minutes until then), so that only the holder's entry lock (or the lock's departure from
 * its directory, which a killed holder never causes) can end its wait in time. Prints
 * {@code ACQUIRED <n>}, n = how often a waiter of this JVM learnt of a holder's end from the kernel.
 */
public final class KernelWakeWorker {
    private KernelWakeWorker() {}

    public static void main(String[] args) throws Exception {
        Environment sys = Environment.system();
        Environment env = new Environment(sys.fs(), sys.liveness(), sys.self(), sys.clock(), KernelWakeWorker::kernelOnly,
                sys.random(), sys.nonces(), sys.observer());
        FsLock lock = Internals.open(Path.of(args[0]), FsLockOptions.defaults().withProbePeriod(Duration.ofSeconds(30)), env);
        try (LockHandle held = lock.acquire(Duration.ofSeconds(120))) {
            System.out.println("ACQUIRED " + WaitStrategy.holderEndsSeenByKernel());
        }
    }

    private static LockWaiter kernelOnly(Path lockPath) {
        LockWaiter system = WaitStrategy.system().watchLock(lockPath);
        return new LockWaiter() {
            @Override
            public long mark() {
                return system.mark();
            }

            @Override
            public void await(long mark, long nanos) throws InterruptedException {
                system.await(mark, system.holdersLeft() == 0 ? TimeUnit.MINUTES.toNanos(2) : nanos);
            }

            @Override
            public void watchHolders(List<Path> entryFiles) {
                system.watchHolders(entryFiles);
            }

            @Override
            public long holdersLeft() {
                return system.holdersLeft();
            }

            @Override
            public void close() {
                system.close();
            }
        };
    }
}
