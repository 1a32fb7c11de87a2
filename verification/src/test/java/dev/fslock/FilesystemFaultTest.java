package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.Liveness;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filesystem failures injected at each step of an acquisition (in memory, through
 * {@link MemoryFileOps.Hook}): the error keeps its type and names the lock, and nothing is left
 * behind: no temp dir, no half-made entry, no fence temp, no entry in the lock.
 */
class FilesystemFaultTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");
    private static final Path FENCE = DIR.resolve("X.fence");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** A filesystem failure, as Java reports it. */
    enum Fault {
        READ_ONLY(p -> new FileSystemException(p.toString(), null, "Read-only file system")),
        DISK_FULL(p -> new IOException("No space left on device")),
        PERMISSION_DENIED(p -> new AccessDeniedException(p.toString()));

        final Function<Path, IOException> make;

        Fault(Function<Path, IOException> make) {
            this.make = make;
        }
    }

    /** Where to inject: the spec action, and the filesystem call (name and path) that performs it. */
    enum Step {
        MkTemp("mkdir", p -> fileName(p).startsWith(".X.tmp.")),
        CreateEntry("create", p -> parentFileName(p).startsWith(".X.tmp.")),
        WriteEntry("write", p -> parentFileName(p).startsWith(".X.tmp.")),
        RenameToLock("rename", p -> fileName(p).startsWith(".X.tmp.")),
        ReadFence("readlink", p -> p.equals(FENCE)),
        CreateFenceTmp("symlink", p -> fileName(p).startsWith(".X.fence.")),
        RenameFence("rename", p -> fileName(p).startsWith(".X.fence.")),
        /** The fsync of the directory after RenameFence, with durable fences only: the token is taken. */
        SyncFence("fsync", p -> p.equals(DIR));

        final String op;
        final Predicate<Path> path;

        Step(String op, Predicate<Path> path) {
            this.op = op;
            this.path = path;
        }

        boolean isFence() {
            return ordinal() >= ReadFence.ordinal();
        }
    }

    static Stream<Arguments> everyFaultAtEveryStep() {
        List<Arguments> all = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (Step step : Step.values()) {
                all.add(Arguments.of(fault, step));
            }
        }
        return all.stream();
    }

    private static String fileName(Path p) {
        return p.getFileName() == null ? "" : p.getFileName().toString();
    }

    private static String parentFileName(Path p) {
        return p.getParent() == null ? "" : fileName(p.getParent());
    }

    MemoryFileOps fs;
    FakeLiveness liveness;
    final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        fs.put(FENCE, "5\n".getBytes(StandardCharsets.US_ASCII)); // earlier holders took tokens 1..5
        liveness = new FakeLiveness();
    }

    private FsLock open(FsLockOptions options) throws IOException {
        return FsLock.open(LOCK, options, TestEnvironments.inMemory().fs(fs).liveness(liveness)
                .observer((owner, action, detail) -> steps.add(action.name())).build());
    }

    private String fence() {
        return Long.toString(fs.withoutHook(() -> dev.fslock.protocol.Fence.read(fs, FENCE)).orElseThrow());
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("everyFaultAtEveryStep")
    void failedAcquisitionKeepsTheErrorTypeNamesTheLockAndLeavesNothingBehind(Fault fault, Step step) throws Exception {
        FsLock lock = open(FsLockOptions.defaults().withDurableFence(step == Step.SyncFence));
        IOException[] injected = new IOException[1];
        fs.setHook((op, path) -> {
            if (op.equals(step.op) && step.path.test(path) && injected[0] == null) {
                injected[0] = fault.make.apply(path);
                throw injected[0];
            }
        });

        IOException e = assertThrows(IOException.class, () -> lock.acquire(PATIENCE));
        fs.setHook(MemoryFileOps.Hook.NONE);

        assertSame(injected[0].getClass(), e.getClass(), "the type is kept: " + e);
        assertSame(injected[0], e.getCause(), "the original error is the cause");
        assertTrue(e.getMessage().contains("lock " + LOCK), e.getMessage());
        assertEquals(List.of(Path.of("/"), DIR, FENCE), fs.paths(), "no temp dir, no entry, no fence temp, no lock dir");
        long fenceAfter = Long.parseLong(fence());
        if (step == Step.SyncFence) {
            assertTrue(fenceAfter > 5, "RenameFence happened before the fsync: the token was taken, " + fenceAfter);
        } else {
            assertEquals(5, fenceAfter, "a token is handed out only by RenameFence");
        }
        if (step.isFence()) {
            assertTrue(steps.containsAll(List.of("FenceFailed", "AbortFenceUnlink", "ReleaseUnlink")), steps.toString());
        } else {
            assertTrue(steps.containsAll(List.of("AbandonStart", "AbandonUnlink", "AbandonRmdir")), steps.toString());
        }
        try (LockHandle next = lock.tryAcquire().orElseThrow()) { // the lock is free, this thread holds nothing
            assertTrue(next.fencingToken() > fenceAfter, "tokens only grow: " + next.fencingToken());
        }
    }

    @ParameterizedTest(name = "{0} at ReadLockDir")
    @MethodSource("faults")
    void failureWhileLookingAtTheHoldersLeavesNothingBehind(Fault fault) throws Exception {
        OwnerId holder = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k7"), "h1");
        liveness.set(holder.process(), Liveness.ALIVE);
        fs.put(LOCK.resolve(holder.entryName()), new byte[0]);
        FsLock lock = open(FsLockOptions.defaults());
        fs.setHook((op, path) -> {
            if (op.equals("readdir") && path.equals(LOCK)) {
                throw fault.make.apply(path);
            }
        });

        IOException e = assertThrows(IOException.class, () -> lock.acquire(PATIENCE));
        fs.setHook(MemoryFileOps.Hook.NONE);

        assertTrue(e.getMessage().contains("lock " + LOCK), e.getMessage());
        assertEquals(Set.of(Path.of("/"), DIR, LOCK, LOCK.resolve(holder.entryName()), FENCE), Set.copyOf(fs.paths()));
    }

    static Stream<Fault> faults() {
        return Stream.of(Fault.values());
    }

    @Test
    void sweepFailureIsOnlyLoggedTheAttemptGoesOn() throws Exception {
        OwnerId holder = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k7"), "h1");
        liveness.set(holder.process(), Liveness.ALIVE);
        fs.put(LOCK.resolve(holder.entryName()), new byte[0]);
        FsLock lock = open(FsLockOptions.defaults());
        fs.setHook((op, path) -> {
            if (op.equals("readdir") && path.equals(DIR)) {
                throw new IOException("Input/output error");
            }
        });

        assertTrue(lock.tryAcquire().isEmpty());
        fs.setHook(MemoryFileOps.Hook.NONE);

        assertTrue(steps.contains("AbandonRmdir"));
        assertEquals(Set.of(Path.of("/"), DIR, LOCK, LOCK.resolve(holder.entryName()), FENCE), Set.copyOf(fs.paths()));
    }

    @Test
    void whenCleanupFailsTooTheFirstErrorIsReportedAndTheLeftoverIsNamedAfterUs() throws Exception {
        FsLock lock = open(FsLockOptions.defaults());
        fs.setHook((op, path) -> {
            if (op.equals("write") || op.equals("unlink")) { // the disk fills up, then the filesystem goes read-only
                throw op.equals("write") ? new IOException("No space left on device")
                        : new FileSystemException(path.toString(), null, "Read-only file system");
            }
        });

        IOException e = assertThrows(IOException.class, () -> lock.acquire(PATIENCE));
        fs.setHook(MemoryFileOps.Hook.NONE);

        assertEquals("lock " + LOCK + ": No space left on device", e.getMessage());
        // What is left is named after this process: swept by the next waiter once it is gone.
        List<Path> left = fs.paths().stream().filter(p -> !List.of(Path.of("/"), DIR, FENCE).contains(p)).toList();
        assertEquals(2, left.size(), left.toString());
        assertTrue(fileName(left.get(0)).startsWith(".X.tmp.o1_testhost_"), left.toString());
    }

    @Test
    void fenceThatIsADirectoryIsReportedAndTheLockReleased() throws Exception {
        MemoryFileOps other = new MemoryFileOps();
        other.mkdirs(FENCE);
        other.put(FENCE.resolve("precious"), new byte[] {1});
        FsLock lock = FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(other).build());

        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(PATIENCE));

        assertTrue(e.getMessage().contains("lock " + LOCK), e.getMessage());
        assertEquals(List.of(Path.of("/"), DIR, FENCE, FENCE.resolve("precious")), other.paths(),
                "the lock is released, the fence directory untouched");
    }

    // ------------------------------------------------------------------------------------------
    // Release

    @ParameterizedTest(name = "{0} at ReleaseUnlink")
    @MethodSource("faults")
    void releaseThatFailsKeepsTheErrorAndCanBeRetried(Fault fault) throws Exception {
        FsLock lock = open(FsLockOptions.defaults());
        LockHandle held = lock.acquire(PATIENCE);
        Path entry = LOCK.resolve(held.entryName());
        fs.setHook((op, path) -> {
            if (op.equals("unlink") && path.equals(entry)) {
                throw fault.make.apply(path);
            }
        });

        IOException e = assertThrows(IOException.class, held::release);

        assertSame(fault.make.apply(entry).getClass(), e.getClass());
        assertTrue(e.getMessage().contains("lock " + LOCK), e.getMessage());
        assertTrue(held.isValid(), "the entry is still there: still held");
        assertThrows(IllegalStateException.class, lock::tryAcquire, "and still held by this thread");

        fs.setHook(MemoryFileOps.Hook.NONE);
        held.release(); // the fault has passed: retrying releases

        assertFalse(held.isValid());
        assertEquals(List.of(Path.of("/"), DIR, FENCE), fs.paths());
        assertTrue(lock.tryAcquire().isPresent());
    }

    @Test
    void rmdirFailureAtReleaseIsHarmless() throws Exception {
        FsLock lock = open(FsLockOptions.defaults());
        LockHandle held = lock.acquire(PATIENCE);
        fs.setHook((op, path) -> {
            if (op.equals("rmdir") && path.equals(LOCK)) {
                throw new FileSystemException(path.toString(), null, "Read-only file system");
            }
        });

        held.release();
        fs.setHook(MemoryFileOps.Hook.NONE);

        assertEquals(Set.of(Path.of("/"), DIR, LOCK, FENCE), Set.copyOf(fs.paths()), "an empty lock directory means free");
        assertTrue(lock.status().isFree());
        assertTrue(lock.tryAcquire().isPresent());
    }
}
