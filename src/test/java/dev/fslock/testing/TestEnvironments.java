package dev.fslock.testing;

import dev.fslock.fs.FileOps;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerRecord;
import dev.fslock.protocol.StepObserver;
import dev.fslock.wait.Clock;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitStrategy;
import java.util.SplittableRandom;

/**
 * Deterministic environments for one simulated process: no real time, no randomness, no waiting,
 * no filesystem watches. Meant for single attempts ({@code acquire(label, 0)}), which never wait.
 * The filesystem and the failure detector are the caller's: in-memory or real, simulated liveness.
 */
public final class TestEnvironments {
    private TestEnvironments() {}

    /** A clock that never moves: deadlines of 0 expire at once, entries say 2024-01-01. */
    public static final Clock FROZEN_CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long currentTimeMillis() {
            return 1_704_067_200_000L;
        }
    };

    /** A waiter that returns at once: single attempts never wait, so it is only a placeholder. */
    public static final WaitStrategy NO_WAITING = parent -> new LockWaiter() {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public void await(long mark, long nanos) {}

        @Override
        public void close() {}
    };

    static {
        // Read /proc once, here, rather than inside a model checker's run (it is static state).
        OwnerRecord.currentCommand();
    }

    /** An environment for {@code self}, with nonces {@code 1, 2, 3...} of its own. */
    public static Environment deterministic(FileOps fs, LivenessProbe liveness, ProcessIdentity self) {
        return new Environment(fs, liveness, self, FROZEN_CLOCK, NO_WAITING, new SplittableRandom(self.pid()),
                Environment.counterNonces(0), StepObserver.NONE);
    }
}
