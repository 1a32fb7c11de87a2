package dev.fslock.lincheck;

import dev.fslock.fs.FileOps;
import dev.fslock.fs.NioFileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.testing.LockVariant;
import dev.fslock.testing.LockVariants;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.SimulatedProcesses;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.util.AnalysisSectionsKt;

/**
 * A cross-process lock seen as one concurrent object, for lincheck: each lincheck thread is one
 * process (one owner), and its operations never block. Its reference behaviour is
 * {@link SequentialLock}.
 *
 * <p>Threads to owners: every operation takes the caller's lincheck thread id from
 * {@link ThreadIdGen} (0 for the initial part, 1..n for the parallel threads, n+1 for the post
 * part), and thread id {@code t} always acts through its own {@link LockVariant}, made for the
 * simulated process {@code t + 1}. So "who holds the lock" is a thread id on both sides.
 *
 * <p>One instance per lincheck invocation: the constructor builds a fresh world (filesystem,
 * failure detector, owners). Nothing in it reads real time or randomness, so the model checker
 * can replay an interleaving. Subclasses pick the lock variant, the filesystem and the start.
 *
 * <h2>Model checking: one filesystem call, one step</h2>
 * Lincheck 3.7's model checker refuses every call on a {@code java.nio.file.Path} made from
 * analysed code ("File operations are not supported in Lincheck"), even pure ones such as
 * {@code resolve}, and the protocol passes Paths everywhere. So on {@link MemoryFileOps} each
 * operation runs inside a lincheck <em>ignored section</em> (not analysed, no thread switches),
 * and leaves it only just before each filesystem call, each liveness probe and each crash, where
 * it writes what it is about to do into {@link #lastCall}. That write is the only shared-memory
 * event lincheck sees, so the model checker interleaves the owners at the granularity of the
 * spec's actions (one filesystem call or probe each), as the deterministic simulation does. This
 * is complete for these protocols: owners share nothing but the filesystem (each call atomic) and
 * the failure detector, and the interleaving that lincheck prints is the sequence of those steps.
 *
 * <p>Crashes: a {@link Start#STALE} lock's owner died before the run; in {@link WithCrashes} a
 * thread's process may also die between two of its operations (crash-stop: it takes no more
 * steps, its files stay, every probe now says DEAD).
 */
public abstract class LockAsObject {
    /** Thread ids 0..MAX_THREAD_ID: the initial part, up to 4 parallel threads, the post part. */
    static final int MAX_THREAD_ID = 5;
    static final String HOST = "lincheck";
    /** The pid of the dead owner of a {@link Start#STALE} lock: no thread's. */
    static final long STALE_OWNER_PID = 1_000;

    /** How the lock is found when the scenario starts. */
    public enum Start {
        /** Nothing at the lock path. */
        FREE,
        /**
         * A lock left by a dead owner: a process (not one of the threads) acquired it with the same
         * protocol and then crashed. Every thread's first look finds a DEAD owner to break: the
         * seed's "thundering herd".
         */
        STALE
    }

    private final SimulatedProcesses processes = new SimulatedProcesses();
    private final LockVariant[] owners = new LockVariant[MAX_THREAD_ID + 1];
    private final boolean[] holding = new boolean[MAX_THREAD_ID + 1]; // slot t: touched by thread t only
    private final boolean[] crashed = new boolean[MAX_THREAD_ID + 1]; // slot t: written by thread t only
    private final boolean modelChecked; // on MemoryFileOps: operations run in ignored sections
    /** The filesystem call about to be made: written just before each call, the model checker's switch point. */
    @SuppressWarnings("unused")
    private volatile String lastCall = "";

    protected LockAsObject(LockVariants variant, FileOps fs, Path lock, Start start) {
        if (start == Start.STALE) {
            ProcessIdentity crashed = SimulatedProcesses.identity(HOST, STALE_OWNER_PID);
            LockVariant dead = variant.create(lock, TestEnvironments.deterministic(fs, processes, crashed));
            try {
                if (!dead.tryAcquire()) {
                    throw new IllegalStateException("could not set up a stale lock at " + lock);
                }
                dead.crashed();
            } catch (IOException e) {
                throw new UncheckedIOException("setting up a stale lock at " + lock, e);
            }
            processes.kill(crashed);
        }
        modelChecked = fs instanceof MemoryFileOps;
        LivenessProbe liveness = modelChecked ? this::probe : processes;
        for (int t = 0; t <= MAX_THREAD_ID; t++) {
            owners[t] = variant.create(lock, TestEnvironments.deterministic(fs, liveness, process(t)));
        }
        if (fs instanceof MemoryFileOps memory) {
            memory.setHook(this::beforeFilesystemCall);
        }
    }

    /** Thread {@code t}'s process: pid t + 1 (pids start at 1). */
    private static ProcessIdentity process(int t) {
        return SimulatedProcesses.identity(HOST, t + 1);
    }

    /** A liveness probe is a step too, where an owner may {@link #crash} concurrently. */
    private Liveness probe(ProcessIdentity owner) {
        publish("probe " + (owner.pid() == STALE_OWNER_PID ? "stale owner" : "thread " + (owner.pid() - 1)));
        return processes.probe(owner);
    }

    private void beforeFilesystemCall(String op, Path path) {
        publish(op + " " + path.getFileName()); // in the ignored section: Path calls allowed
    }

    /** The switch point: leaves the ignored section only to publish the step about to be taken. */
    private void publish(String call) {
        AnalysisSectionsKt.leaveIgnoredSection();
        try {
            lastCall = call;
        } finally {
            AnalysisSectionsKt.enterIgnoredSection();
        }
    }

    private interface Body {
        boolean run() throws IOException;
    }

    /** Runs one operation of thread {@code t}; on MemoryFileOps inside an ignored section. */
    private boolean step(int t, Body body) throws IOException {
        if (!modelChecked) {
            return !crashed[t] && body.run(); // crash-stop: a dead process takes no more steps
        }
        AnalysisSectionsKt.enterIgnoredSection();
        try {
            return !crashed[t] && body.run();
        } finally {
            AnalysisSectionsKt.leaveIgnoredSection();
        }
    }

    /** One attempt, no waiting. True if thread {@code t} holds the lock afterwards (already held: no-op). */
    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        return step(t, () -> {
            if (!holding[t]) {
                holding[t] = owners[t].tryAcquire();
            }
            return holding[t];
        });
    }

    /** Releases the lock if thread {@code t} holds it; false (and nothing done) otherwise. */
    @Operation
    public boolean release(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        return step(t, () -> {
            if (!holding[t]) {
                return false;
            }
            holding[t] = false;
            owners[t].release();
            return true;
        });
    }

    /** Read-only: does thread {@code t} hold the lock, and is its ownership record still in place? */
    @Operation
    public boolean holds(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        return step(t, () -> holding[t] && owners[t].recordPresent());
    }

    /**
     * Process {@code t} crashes: from now on it is DEAD to every failure detector and takes no
     * step; its files stay. Exposed as an operation by {@link WithCrashes}.
     */
    protected boolean crashNow(int t) throws IOException {
        return step(t, () -> {
            if (modelChecked) {
                publish("crash thread " + t);
            }
            processes.kill(process(t));
            owners[t].crashed();
            crashed[t] = true;
            holding[t] = false;
            return true;
        });
    }

    /** The same object with one more operation: a thread's process crashes (crash-stop). */
    public abstract static class WithCrashes extends LockAsObject {
        protected WithCrashes(LockVariants variant, FileOps fs, Path lock, Start start) {
            super(variant, fs, lock, start);
        }

        /** Thread {@code t}'s process dies; false if it was dead already. */
        @Operation
        public boolean crash(@Param(gen = ThreadIdGen.class) int t) throws IOException {
            return crashNow(t);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** An in-memory filesystem with the lock's parent directory: all the model checker can run. */
    static MemoryFileOps memoryFs(Path lock) {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(lock.getParent());
        return fs;
    }

    static final Path MEMORY_LOCK = Path.of("/locks/x.lock");

    /**
     * The real filesystem, under {@link #realRoot}: each instance gets a fresh directory, and removes
     * those of earlier instances first. Lincheck's stress mode runs one invocation at a time and
     * makes a new instance for each, so earlier directories are no longer in use.
     */
    static final class RealDirectories {
        private static final AtomicLong COUNTER = new AtomicLong();
        private static volatile Path realRoot;

        /** Where to make lock directories; null when no test is using them. */
        static void useRoot(Path root) {
            realRoot = root;
        }

        static Path freshLockPath() {
            Path root = realRoot;
            if (root == null) {
                throw new IllegalStateException("RealDirectories.useRoot was not called");
            }
            try (Stream<Path> old = Files.list(root)) {
                for (Path dir : old.toList()) {
                    deleteTree(dir);
                }
                Path dir = Files.createDirectory(root.resolve("i" + COUNTER.incrementAndGet()));
                return dir.resolve("x.lock");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare a lock directory under " + root, e);
            }
        }

        static void deleteTree(Path dir) throws IOException {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static FileOps realFs() {
        return NioFileOps.instance();
    }
}
