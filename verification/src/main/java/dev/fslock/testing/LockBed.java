package dev.fslock.testing;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.NioFileOps;
import dev.fslock.internal.Internals;
import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.StepObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a test's locks live, on one {@link Backend}: the directory, its filesystem, and owners that
 * its failure detector judges DEAD, ALIVE or UNKNOWN, for crafting the leftovers of crashes by hand.
 * Scenarios written against a bed run unchanged on the real filesystem and the in-memory one
 * (JUnit's {@code @ParameterizedClass @EnumSource(Backend.class)}).
 */
public abstract class LockBed {
    private final AtomicInteger crafted = new AtomicInteger();

    /** The filesystems a scenario runs on. */
    public enum Backend {
        /** {@code @TempDir}, {@link NioFileOps}, /proc, inotify: the system environment. */
        REAL_FILESYSTEM {
            @Override
            public LockBed create(Path tempDir) {
                return new Real(tempDir);
            }
        },
        /** {@link MemoryFileOps}, {@link FakeLiveness}, waiters that sleep at most 1 ms. */
        IN_MEMORY {
            @Override
            public LockBed create(Path tempDir) {
                return new Memory();
            }
        };

        /** A bed for one test; {@code tempDir} is that test's {@code @TempDir} (unused in memory). */
        public abstract LockBed create(Path tempDir);
    }

    /** The directory the locks live in. */
    public abstract Path dir();

    public abstract FileOps fs();

    /** The identity this JVM's acquisitions carry on this bed. */
    public abstract ProcessIdentity self();

    /** Opens lock {@code dir()/name}, reporting every protocol step to {@code observer}. */
    public abstract FsLock open(String name, FsLockOptions options, StepObserver observer) throws IOException;

    /** A new owner the failure detector judges DEAD (same host, boot and namespace, pid gone). */
    public abstract OwnerId deadOwner() throws IOException, InterruptedException;

    /** A new owner the failure detector judges UNKNOWN: a process on another host. */
    public OwnerId otherHostOwner() {
        return new OwnerId(TestEnvironments.withHost(self(), "elsewhere.example"), nextNonce());
    }

    /** A new owner the failure detector judges ALIVE: this very process, another acquisition. */
    public OwnerId liveOwner() {
        return new OwnerId(self(), nextNonce());
    }

    public FsLock open(String name) throws IOException {
        return open(name, FsLockOptions.defaults(), StepObserver.NONE);
    }

    public FsLock open(String name, FsLockOptions options) throws IOException {
        return open(name, options, StepObserver.NONE);
    }

    public Path path(String name) {
        return dir().resolve(name);
    }

    /** The names in {@link #dir()}, sorted. */
    public List<String> names() {
        return list(dir());
    }

    /**
     * {@code names}, sorted, with the queue file {@code LOCK.queue} that waiting on lock
     * {@code lock} leaves beside it for good where waiters queue (the real filesystem; in memory
     * the test environment has no queue).
     */
    public List<String> afterWaitingOn(String lock, String... names) {
        List<String> expected = new ArrayList<>(List.of(names));
        if (this instanceof Real) {
            expected.add(lock + ".queue");
        }
        Collections.sort(expected);
        return expected;
    }

    /** The names in {@code dir}, sorted; empty if it is absent. */
    public List<String> list(Path directory) {
        try {
            List<String> names = new ArrayList<>(fs().list(directory));
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The owner entries in lock {@code name} (empty if the lock directory is absent). */
    public List<String> entries(String name) {
        return list(path(name));
    }

    /** Crafts what a crash leaves: {@code owner}'s entry in lock {@code name} (the directory made if absent). */
    public void putEntry(String name, OwnerId owner) throws IOException {
        if (fs().kind(path(name)) == FileKind.ABSENT) {
            fs().createDirectory(path(name));
        }
        fs().createFile(path(name).resolve(owner.entryName()));
    }

    /** Writes a file (created if absent). */
    public void putFile(Path file, String content) throws IOException {
        if (fs().kind(file) == FileKind.ABSENT) {
            fs().createFile(file);
        }
        fs().writeFile(file, content.getBytes(StandardCharsets.UTF_8), false);
    }

    public Optional<String> read(Path file) throws IOException {
        return fs().readFile(file).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    protected String nextNonce() {
        return "t" + crafted.incrementAndGet();
    }

    private static final class Real extends LockBed {
        private final Path dir;

        Real(Path dir) {
            this.dir = dir;
        }

        @Override
        public Path dir() {
            return dir;
        }

        @Override
        public FileOps fs() {
            return NioFileOps.instance();
        }

        @Override
        public ProcessIdentity self() {
            return ProcessIdentity.current();
        }

        @Override
        public FsLock open(String name, FsLockOptions options, StepObserver observer) throws IOException {
            return Internals.open(path(name), options, Environment.system().withObserver(observer));
        }

        @Override
        public OwnerId deadOwner() throws IOException, InterruptedException {
            return new OwnerId(TestEnvironments.onThisHost(TestEnvironments.exitedPid(), "k1"), nextNonce());
        }

        @Override
        public String toString() {
            return "real filesystem";
        }
    }

    private static final class Memory extends LockBed {
        private final MemoryFileOps fs = new MemoryFileOps();
        private final FakeLiveness liveness = new FakeLiveness();
        private final Path dir = Path.of("/locks");
        private final AtomicInteger deadPids = new AtomicInteger(7000);
        // One nonce supplier for the whole (simulated) process, as in production.
        private final java.util.function.Supplier<String> nonces = Environment.counterNonces(1);

        Memory() {
            fs.mkdirs(dir);
            liveness.set(TestEnvironments.SELF, Liveness.ALIVE);
        }

        @Override
        public Path dir() {
            return dir;
        }

        @Override
        public MemoryFileOps fs() {
            return fs;
        }

        @Override
        public ProcessIdentity self() {
            return TestEnvironments.SELF;
        }

        @Override
        public FsLock open(String name, FsLockOptions options, StepObserver observer) throws IOException {
            Environment env = TestEnvironments.inMemory().fs(fs).liveness(liveness).nonces(nonces)
                    .observer(observer).build();
            return Internals.open(path(name), options, env);
        }

        @Override
        public OwnerId deadOwner() {
            ProcessIdentity dead = TestEnvironments.withPid(self(), deadPids.incrementAndGet(), "k5");
            liveness.set(dead, Liveness.DEAD);
            return new OwnerId(dead, nextNonce());
        }

        @Override
        public String toString() {
            return "in-memory filesystem";
        }
    }
}
