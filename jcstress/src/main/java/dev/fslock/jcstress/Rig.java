package dev.fslock.jcstress;

import dev.fslock.fs.FileKind;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.SimulatedProcesses;
import dev.fslock.wait.Clock;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.Patience;
import dev.fslock.wait.WaitStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One test instance's lock: a fresh directory of its own on the real filesystem (jcstress makes
 * many instances and runs them in batches), simulated processes as owners, and the protocol on
 * {@link Environment#system()} with a failure detector that knows which of them are dead.
 * {@link #dispose()} removes the directory; every test calls it from its {@code @Arbiter}.
 */
final class Rig {
    /** This JVM's directory for all instances; removed at exit if empty. */
    private static final Path ROOT = createRoot();
    /** The failure detector's longest wait between looks: short, tests wait for live holders. */
    static final long PROBE_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final String HOST = "jcstress";

    /** Waits by parking, so that no instance registers a directory watch of its own. */
    /**
     * The system clock, except that the wall clock reads 0 microseconds: fencing tokens then count
     * from 1 (P.fence + 1), so that the tests can name them. The clock floor is tested elsewhere.
     */
    private static final Clock COUNTING_CLOCK = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long currentTimeMicros() {
            return 0;
        }
    };

    private static final WaitStrategy PARKING = parent -> new LockWaiter() {
        @Override
        public long mark() {
            return 0;
        }

        @Override
        public void await(long mark, long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(nanos);
        }

        @Override
        public void close() {}
    };

    final Path dir;
    final Path lock;
    final LockLayout layout;
    final SimulatedProcesses processes = new SimulatedProcesses();

    Rig() {
        try {
            dir = Files.createTempDirectory(ROOT, "i");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a test directory in " + ROOT, e);
        }
        lock = dir.resolve("x.lock");
        layout = new LockLayout(lock);
    }

    /** Simulated process {@code n}'s view of the lock. */
    LockProtocol protocol(long n) {
        return new LockProtocol(layout, environment(SimulatedProcesses.identity(HOST, n)), PROBE_PERIOD_NANOS, false);
    }

    /** Simulated process {@code n}'s environment: the system's, with our failure detector and no watches. */
    Environment environment(long n) {
        return environment(SimulatedProcesses.identity(HOST, n));
    }

    private Environment environment(ProcessIdentity self) {
        Environment system = Environment.system();
        return new Environment(system.fs(), processes, self, COUNTING_CLOCK, PARKING, system.random(),
                Environment.counterNonces((int) self.pid()), system.observer());
    }

    /** Makes the lock stale: simulated process {@code n} acquires it, then dies holding it. */
    OwnerId leaveStaleLock(long n) {
        try {
            Optional<LockProtocol.Acquired> held = protocol(n).acquire("crashed", Patience.once());
            if (held.isPresent()) {
                held.get().entry().close(); // its process died: the kernel drops its lock; the entry stays
                processes.kill(held.get().owner().process());
                return held.get().owner();
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot set up a stale lock at " + lock, e);
        }
        throw new IllegalStateException("cannot set up a stale lock at " + lock + ": busy");
    }

    /** Owner entries in P now (0 if P is absent). */
    int entries() {
        try {
            return Environment.system().fs().list(lock).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Is {@code owner}'s entry in P? */
    boolean present(OwnerId owner) {
        try {
            return Environment.system().fs().kind(layout.entry(owner)) == FileKind.FILE;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes this instance's directory, whatever the actors left in it. */
    void dispose() {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    /** 1 if acquired, 0 if busy, -1 on an error (an outcome no test accepts). */
    static int tryAcquire(LockProtocol protocol, OwnerId[] won, int slot) {
        try {
            Optional<LockProtocol.Acquired> held = protocol.acquire("", Patience.once());
            held.ifPresent(a -> won[slot] = a.owner());
            return held.isPresent() ? 1 : 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("fslock-jcstress");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> left = Files.list(root)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(root);
                    }
                } catch (IOException e) {
                    // Safe to ignore: a leftover empty directory in the temp dir, nothing more.
                }
            }));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temp directory for jcstress", e);
        }
    }
}
