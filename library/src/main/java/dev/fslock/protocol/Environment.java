package dev.fslock.protocol;

import dev.fslock.fs.FileOps;
import dev.fslock.fs.NioFileOps;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.process.Probes;
import dev.fslock.wait.Clock;
import dev.fslock.wait.WaitStrategy;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Everything the protocol reaches outside itself: the filesystem, the failure detector, this
 * process's identity, the clock, waiting, randomness, and an observer of its steps. The system
 * environment serves production; tests build their own (in-memory filesystem, simulated processes).
 *
 * @param nonces a fresh nonce per owner, unique within this process
 */
public record Environment(
        FileOps fs,
        LivenessProbe liveness,
        ProcessIdentity self,
        Clock clock,
        WaitStrategy waits,
        RandomGenerator random,
        Supplier<String> nonces,
        StepObserver observer) {

    public Environment {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(waits, "waits");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(nonces, "nonces");
        Objects.requireNonNull(observer, "observer");
    }

    private static final class SystemHolder {
        static final Environment SYSTEM = new Environment(NioFileOps.instance(), Probes.system(),
                ProcessIdentity.current(), Clock.SYSTEM, WaitStrategy.system(), RandomGenerator.getDefault(),
                counterNonces(new SecureRandom().nextInt(Integer.MAX_VALUE)), StepObserver.NONE);
    }

    /** The real filesystem, /proc (or ProcessHandle), the system clock, filesystem events. */
    public static Environment system() {
        return SystemHolder.SYSTEM;
    }

    /**
     * Nonces {@code <salt>x<counter>} in base 36: the counter makes them unique within this
     * process; the salt keeps them apart from a predecessor with the same pid where the start
     * time is unknown.
     */
    public static Supplier<String> counterNonces(int salt) {
        String prefix = Integer.toString(salt, 36) + "x";
        AtomicLong counter = new AtomicLong();
        return () -> prefix + Long.toString(counter.incrementAndGet(), 36);
    }

    public Environment withLiveness(LivenessProbe newLiveness) {
        return new Environment(fs, newLiveness, self, clock, waits, random, nonces, observer);
    }

    public Environment withFs(FileOps newFs) {
        return new Environment(newFs, liveness, self, clock, waits, random, nonces, observer);
    }

    public Environment withWaits(WaitStrategy newWaits) {
        return new Environment(fs, liveness, self, clock, newWaits, random, nonces, observer);
    }

    public Environment withObserver(StepObserver newObserver) {
        return new Environment(fs, liveness, self, clock, waits, random, nonces, newObserver);
    }
}
