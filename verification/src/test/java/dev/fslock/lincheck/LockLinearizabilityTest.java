package dev.fslock.lincheck;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fslock.testing.LockVariants;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock as a concurrent object ({@link LockAsObject}) against a plain lock
 * ({@link SequentialLock}): model checking on the in-memory filesystem, stress on the real one.
 * The seed's protocols run through the same harness and must be caught: with a lock left by a
 * dead owner, two threads both acquire. Without a dead owner they are fine, and the harness says so.
 *
 * <p>Bounds scale with {@code -Dfslock.test.scale} (10 in the "extended" profile).
 */
class LockLinearizabilityTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);

    // --- Lock variant x filesystem x start. Lincheck instantiates a class with a no-arg constructor.

    public static final class FsLockFree extends LockAsObject {
        public FsLockFree() {
            super(LockVariants.FSLOCK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class FsLockStale extends LockAsObject {
        public FsLockStale() {
            super(LockVariants.FSLOCK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.STALE);
        }
    }

    public static final class SeedUnlinkFree extends LockAsObject {
        public SeedUnlinkFree() {
            super(LockVariants.SEED_UNLINK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class SeedUnlinkStale extends LockAsObject {
        public SeedUnlinkStale() {
            super(LockVariants.SEED_UNLINK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.STALE);
        }
    }

    public static final class SeedRenameStealFree extends LockAsObject {
        public SeedRenameStealFree() {
            super(LockVariants.SEED_RENAME_STEAL, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class SeedRenameStealStale extends LockAsObject {
        public SeedRenameStealStale() {
            super(LockVariants.SEED_RENAME_STEAL, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.STALE);
        }
    }

    // The bug catalog (docs/counterexamples.md): each is caught from a free lock, no crash needed.

    public static final class SeedAgeStaleFree extends LockAsObject {
        public SeedAgeStaleFree() {
            super(LockVariants.seedAgeStale(0), memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class SeedEmptyStaleFree extends LockAsObject {
        public SeedEmptyStaleFree() {
            super(LockVariants.SEED_EMPTY_STALE, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    /** The threads are threads of one process (one pid). */
    public static final class SeedOwnPidThreadsFree extends LockAsObject {
        public SeedOwnPidThreadsFree() {
            super(LockVariants.SEED_OWN_PID_THREADS, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    /** Threads 1 and 2 (pids 2 and 3) are in two PID namespaces. */
    public static final class SeedPidNamespaceFree extends LockAsObject {
        public SeedPidNamespaceFree() {
            super(LockVariants.SEED_PID_NAMESPACE, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class FalseSuspicionFree extends LockAsObject {
        public FalseSuspicionFree() {
            super(LockVariants.FALSE_SUSPICION, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class LostLockFree extends LockAsObject {
        public LostLockFree() {
            super(LockVariants.LOST_LOCK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class FsLockWithCrashes extends LockAsObject.WithCrashes {
        public FsLockWithCrashes() {
            super(LockVariants.FSLOCK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class SeedUnlinkWithCrashes extends LockAsObject.WithCrashes {
        public SeedUnlinkWithCrashes() {
            super(LockVariants.SEED_UNLINK, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class SeedRenameStealWithCrashes extends LockAsObject.WithCrashes {
        public SeedRenameStealWithCrashes() {
            super(LockVariants.SEED_RENAME_STEAL, memoryFs(MEMORY_LOCK), MEMORY_LOCK, Start.FREE);
        }
    }

    public static final class FsLockFreeOnDisk extends LockAsObject {
        public FsLockFreeOnDisk() {
            this(RealDirectories.freshLockPath());
        }

        private FsLockFreeOnDisk(Path lock) {
            super(LockVariants.FSLOCK, realFs(), lock, Start.FREE);
        }
    }

    public static final class FsLockStaleOnDisk extends LockAsObject {
        public FsLockStaleOnDisk() {
            this(RealDirectories.freshLockPath());
        }

        private FsLockStaleOnDisk(Path lock) {
            super(LockVariants.FSLOCK, realFs(), lock, Start.STALE);
        }
    }

    // --- Options

    /** Random scenarios, plus the thundering herd written out: two or three threads, one try each. */
    private static ModelCheckingOptions modelChecking(Class<? extends LockAsObject> test) {
        return herd(test, new ModelCheckingOptions()
                .sequentialSpecification(SequentialLock.class)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(10 * SCALE)
                .invocationsPerIteration(500));
    }

    /** Each invocation makes and removes a lock directory on disk: a few thousand in all. */
    private static StressOptions stress(Class<? extends LockAsObject> test) {
        return herd(test, new StressOptions()
                .sequentialSpecification(SequentialLock.class)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(10 * SCALE)
                .invocationsPerIteration(100));
    }

    private static <O extends Options<O, ?>> O herd(Class<? extends LockAsObject> test, O options) {
        Method tryAcquire = operation(test, "tryAcquire");
        Method holds = operation(test, "holds");
        Method release = operation(test, "release");
        if (LockAsObject.WithCrashes.class.isAssignableFrom(test)) {
            // The holder dies while two others want the lock: they race to break it.
            Method crash = operation(test, "crash");
            options.addCustomScenario(new ExecutionScenario(List.of(),
                    List.of(List.of(new Actor(tryAcquire, List.of(1)), new Actor(crash, List.of(1))),
                            List.of(new Actor(tryAcquire, List.of(2)), new Actor(holds, List.of(2))),
                            List.of(new Actor(tryAcquire, List.of(3)), new Actor(holds, List.of(3)))),
                    List.of(), null));
        }
        // Threads 1 and 2 race for the lock, then each says whether it still holds it.
        options.addCustomScenario(new ExecutionScenario(List.of(),
                List.of(List.of(new Actor(tryAcquire, List.of(1)), new Actor(holds, List.of(1))),
                        List.of(new Actor(tryAcquire, List.of(2)), new Actor(holds, List.of(2)))),
                List.of(), null));
        // Three racers; one releases and tries again.
        options.addCustomScenario(new ExecutionScenario(List.of(),
                List.of(List.of(new Actor(tryAcquire, List.of(1)), new Actor(release, List.of(1)), new Actor(tryAcquire, List.of(1))),
                        List.of(new Actor(tryAcquire, List.of(2)), new Actor(holds, List.of(2))),
                        List.of(new Actor(tryAcquire, List.of(3)), new Actor(holds, List.of(3)))),
                List.of(), null));
        return options;
    }

    private static Method operation(Class<?> test, String name) {
        try {
            return test.getMethod(name, int.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lincheck found a non-linearizable result (not, say, an exception or a hang); prints its interleaving. */
    private static void assertCaught(Class<? extends LockAsObject> seed) {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class, () -> modelChecking(seed).check(seed),
                seed.getSimpleName() + ": lincheck did not catch the planted bug");
        System.out.println(seed.getSimpleName() + ":" + e.getMessage());
        assertInstanceOf(IncorrectResultsFailure.class, e.getFailure$lincheck(), e.getMessage());
    }

    // --- Ours: model checking on the in-memory filesystem

    @Test
    void modelCheckingFromFree() {
        modelChecking(FsLockFree.class).check(FsLockFree.class);
    }

    @Test
    void modelCheckingFromStaleLockOfDeadOwner() {
        modelChecking(FsLockStale.class).check(FsLockStale.class);
    }

    @Test
    void modelCheckingWithCrashes() {
        modelChecking(FsLockWithCrashes.class).check(FsLockWithCrashes.class);
    }

    // --- Ours: stress on the real filesystem, each owner a thread of this JVM

    @TempDir
    Path disk;

    @AfterEach
    void forgetDisk() {
        LockAsObject.RealDirectories.useRoot(null);
    }

    @Test
    void stressOnRealFilesystemFromFree() {
        LockAsObject.RealDirectories.useRoot(disk);
        stress(FsLockFreeOnDisk.class).check(FsLockFreeOnDisk.class);
    }

    @Test
    void stressOnRealFilesystemFromStaleLockOfDeadOwner() {
        LockAsObject.RealDirectories.useRoot(disk);
        stress(FsLockStaleOnDisk.class).check(FsLockStaleOnDisk.class);
    }

    // --- The seed's protocols: caught with a dead owner's stale lock, fine without one

    @Test
    void seedUnlinkCaughtWithStaleLockOfDeadOwner() {
        assertCaught(SeedUnlinkStale.class);
    }

    @Test
    void seedRenameStealCaughtWithStaleLockOfDeadOwner() {
        assertCaught(SeedRenameStealStale.class);
    }

    @Test
    void seedsCaughtWhenTheHolderCrashes() {
        assertCaught(SeedUnlinkWithCrashes.class);
        assertCaught(SeedRenameStealWithCrashes.class);
    }

    // --- The bug catalog: each planted bug is caught, with no dead owner at all

    @Test
    void ageStaleCaughtWithoutDeadOwner() {
        assertCaught(SeedAgeStaleFree.class);
    }

    @Test
    void emptyStaleCaughtWithoutDeadOwner() {
        assertCaught(SeedEmptyStaleFree.class);
    }

    @Test
    void reentrantAcrossThreadsCaughtWithoutDeadOwner() {
        assertCaught(SeedOwnPidThreadsFree.class);
    }

    @Test
    void pidNamespaceConfusionCaughtWithoutDeadOwner() {
        assertCaught(SeedPidNamespaceFree.class);
    }

    @Test
    void falseSuspicionCaughtWithoutDeadOwner() {
        assertCaught(FalseSuspicionFree.class);
    }

    @Test
    void lostLockCaughtWithoutDeadOwner() {
        assertCaught(LostLockFree.class);
    }

    @Test
    void seedsLinearizableWithoutDeadOwner() {
        modelChecking(SeedUnlinkFree.class).check(SeedUnlinkFree.class);
        modelChecking(SeedRenameStealFree.class).check(SeedRenameStealFree.class);
    }
}
