package dev.fslock.protocol;

import dev.fslock.fs.FileOps;
import dev.fslock.fs.NioFileOps;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.process.Probes;
import dev.fslock.wait.Clock;
import dev.fslock.wait.WaitStrategy;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
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
        // java.util.Random, not RandomGenerator.getDefault(): the latter finds its algorithm through a
        // ServiceLoader of every RandomGenerator of the JDK, SecureRandom's provider machinery
        // included, a start-up cost of every fslock run (docs/cli.md, "Start-up"). Random is
        // thread-safe, and jitter needs no more.
        static final Environment SYSTEM = new Environment(NioFileOps.instance(), Probes.system(),
                ProcessIdentity.current(), Clock.SYSTEM, WaitStrategy.system(), new Random(),
                counterNonces(randomSalt()), StepObserver.NONE);
    }

    /**
     * A random int in [0, Integer.MAX_VALUE): four bytes of /dev/urandom, which SecureRandom's
     * default (NativePRNG) reads too, without loading the security providers; SecureRandom where
     * there is no /dev/urandom.
     */
    static int randomSalt() {
        byte[] bytes = new byte[4];
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            if (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
                int r = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
                return Math.floorMod(r, Integer.MAX_VALUE);
            }
        } catch (IOException | RuntimeException e) {
            // no /dev/urandom here: the JDK's own source
        }
        return new SecureRandom().nextInt(Integer.MAX_VALUE);
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
        return new CounterNonces(Integer.toString(salt, 36) + "x");
    }

    /** A class, not a lambda: every lambda costs fslock's start-up its linkage (docs/cli.md, "Start-up"). */
    private static final class CounterNonces implements Supplier<String> {
        private final String prefix;
        private final AtomicLong counter = new AtomicLong();

        CounterNonces(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String get() {
            return prefix + Long.toString(counter.incrementAndGet(), 36);
        }
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
