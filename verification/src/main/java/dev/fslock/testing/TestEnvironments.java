package dev.fslock.testing;

import dev.fslock.fs.FileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerRecord;
import dev.fslock.protocol.StepObserver;
import dev.fslock.wait.Clock;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitStrategy;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds {@link Environment}s for tests: an in-memory filesystem, a {@link FakeLiveness} that knows
 * this (made-up) process as ALIVE, a fixed identity, the system clock, waiters that sleep briefly,
 * a fixed random seed and counter nonces. Change what a test needs with the {@code with} methods.
 *
 * <pre>{@code
 * MemoryFileOps fs = new MemoryFileOps();
 * FakeLiveness liveness = new FakeLiveness();
 * Environment env = TestEnvironments.inMemory().fs(fs).liveness(liveness).build();
 * }</pre>
 */
public final class TestEnvironments {
    /** The identity of "this process" in in-memory environments. */
    public static final ProcessIdentity SELF =
            new ProcessIdentity("testhost", "0123456789abcdef0123456789abcdef", "4026531836", 4242, "k1000");

    /** The seed of the environments' random generator unless a test sets one (backoff jitter only). */
    public static final long DEFAULT_SEED = 42;

    private TestEnvironments() {}

    public static Builder inMemory() {
        return new Builder();
    }

    /** Waiters that sleep what the protocol asks, but never longer than {@code max}; interruptible. */
    public static WaitStrategy sleepingWaits(Duration max) {
        long maxNanos = max.toNanos();
        return parent -> new LockWaiter() {
            @Override
            public long mark() {
                return 0;
            }

            @Override
            public void await(long mark, long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(Math.min(nanos, maxNanos)); // throws if interrupted, also on entry
            }

            @Override
            public void close() {}
        };
    }

    /** Waiters that return at once (after checking for interruption): for tests that never really wait. */
    public static WaitStrategy immediateWaits() {
        return parent -> new ImmediateWaiter(true);
    }

    /**
     * Waiters that return at once without even looking at the interrupt flag: a placeholder for
     * single attempts under a model checker, which never wait.
     */
    public static final WaitStrategy NO_WAITING = parent -> new ImmediateWaiter(false);

    private record ImmediateWaiter(boolean checksInterrupt) implements LockWaiter {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public void await(long mark, long nanos) throws InterruptedException {
            if (checksInterrupt && Thread.interrupted()) {
                throw new InterruptedException();
            }
        }

        @Override
        public void close() {}
    }

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

    static {
        // Read /proc once, here, rather than inside a model checker's run (it is static state).
        OwnerRecord.currentCommand();
    }

    /**
     * A deterministic environment for {@code self}: frozen clock, no waiting, seeded randomness,
     * nonces {@code 1, 2, 3...} of its own. For single attempts ({@code acquire(label, 0)}) under
     * lincheck; the filesystem and the failure detector are the caller's.
     */
    public static Environment deterministic(FileOps fs, LivenessProbe liveness, ProcessIdentity self) {
        return new Environment(fs, liveness, self, FROZEN_CLOCK, NO_WAITING, new SplittableRandom(self.pid()),
                Environment.counterNonces(0), StepObserver.NONE);
    }

    /** An identity like {@code base} but another process: {@code pid} started at {@code startTime}. */
    public static ProcessIdentity withPid(ProcessIdentity base, long pid, String startTime) {
        return new ProcessIdentity(base.host(), base.bootId(), base.pidNamespace(), pid, startTime);
    }

    /** An identity of this host, boot and PID namespace, for {@code pid} started at {@code startTime}. */
    public static ProcessIdentity onThisHost(long pid, String startTime) {
        return withPid(ProcessIdentity.current(), pid, startTime);
    }

    /**
     * The pid of a real process that has already exited (and been reaped). Pid reuse cannot make an
     * owner built from it look alive as long as its start time is made up ({@link #onThisHost}).
     */
    public static long exitedPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    public static ProcessIdentity withHost(ProcessIdentity base, String host) {
        return new ProcessIdentity(host, base.bootId(), base.pidNamespace(), base.pid(), base.startTime());
    }

    public static ProcessIdentity withBootId(ProcessIdentity base, String bootId) {
        return new ProcessIdentity(base.host(), bootId, base.pidNamespace(), base.pid(), base.startTime());
    }

    public static ProcessIdentity withPidNamespace(ProcessIdentity base, String namespace) {
        return new ProcessIdentity(base.host(), base.bootId(), namespace, base.pid(), base.startTime());
    }

    /** A builder; every field has a default suitable for an in-memory test. */
    public static final class Builder {
        private FileOps fs;
        private FakeLiveness liveness;
        private ProcessIdentity self = SELF;
        private Clock clock = Clock.SYSTEM;
        private WaitStrategy waits = sleepingWaits(Duration.ofMillis(1));
        private long seed = DEFAULT_SEED;
        private Supplier<String> nonces;
        private StepObserver observer = StepObserver.NONE;

        private Builder() {}

        public Builder fs(FileOps newFs) {
            this.fs = Objects.requireNonNull(newFs);
            return this;
        }

        /** The probe to use; {@link #build()} registers {@link #self} in it as ALIVE. */
        public Builder liveness(FakeLiveness newLiveness) {
            this.liveness = Objects.requireNonNull(newLiveness);
            return this;
        }

        public Builder self(ProcessIdentity newSelf) {
            this.self = Objects.requireNonNull(newSelf);
            return this;
        }

        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock);
            return this;
        }

        public Builder waits(WaitStrategy newWaits) {
            this.waits = Objects.requireNonNull(newWaits);
            return this;
        }

        public Builder seed(long newSeed) {
            this.seed = newSeed;
            return this;
        }

        /** Share one nonce supplier between environments of one simulated process. */
        public Builder nonces(Supplier<String> newNonces) {
            this.nonces = Objects.requireNonNull(newNonces);
            return this;
        }

        public Builder observer(StepObserver newObserver) {
            this.observer = Objects.requireNonNull(newObserver);
            return this;
        }

        public Environment build() {
            FakeLiveness probe = liveness != null ? liveness : new FakeLiveness();
            probe.set(self, Liveness.ALIVE);
            return new Environment(fs != null ? fs : new MemoryFileOps(), probe, self, clock, waits,
                    new SplittableRandom(seed), nonces != null ? nonces : Environment.counterNonces(1), observer);
        }
    }
}
