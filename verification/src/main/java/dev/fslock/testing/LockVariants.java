package dev.fslock.testing;

import dev.fslock.fs.EntryLockState;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.testing.seed.SeedAgeStaleLock;
import dev.fslock.testing.seed.SeedEmptyStaleLock;
import dev.fslock.testing.seed.SeedOwnPidLock;
import dev.fslock.testing.seed.SeedRenameStealLock;
import dev.fslock.testing.seed.SeedUnlinkLock;
import java.nio.file.Path;
import java.util.List;

/** Makes a {@link LockVariant} for one owner, given the lock path and that owner's environment. */
@FunctionalInterface
public interface LockVariants {
    LockVariant create(Path lock, Environment env);

    LockVariants FSLOCK = OurLockVariant::new;
    LockVariants SEED_UNLINK = SeedUnlinkLock::new;
    LockVariants SEED_RENAME_STEAL = SeedRenameStealLock::new;

    /** The seed's protocols: every suite must catch each of them. */
    List<LockVariants> SEEDS = List.of(SEED_UNLINK, SEED_RENAME_STEAL);

    // --- The bug catalog (docs/counterexamples.md): each must be caught by the simulation and lincheck.

    /** The create-then-write gap: an empty lock file judged stale (MCSeedEmptyStale). */
    LockVariants SEED_EMPTY_STALE = SeedEmptyStaleLock::new;

    /**
     * Staleness by age (MCSeedAgeStale), with a limit of {@code staleMillis} of the environment's
     * clock: the simulation's advances 1 ms per step; lincheck's is frozen, so there only a limit of
     * 0 (every pause is longer than the limit) can show the bug.
     */
    static LockVariants seedAgeStale(long staleMillis) {
        return (lock, env) -> new SeedAgeStaleLock(lock, env, staleMillis);
    }

    /**
     * Re-acquisition treated as reentrant across threads (MCSeedReentrant): a lock that takes P
     * holding its own pid as already its own, used by owners that are threads of one process.
     */
    LockVariants SEED_OWN_PID_THREADS = threadsOfOneProcess(SeedOwnPidLock::new);

    /**
     * Every owner made by {@code variants} is a thread of one process: the same identity (pid 1,
     * one start time, on the caller's host) in place of the environment's own.
     */
    static LockVariants threadsOfOneProcess(LockVariants variants) {
        return (lock, env) -> {
            ProcessIdentity own = env.self();
            ProcessIdentity shared = new ProcessIdentity(own.host(), own.bootId(), own.pidNamespace(), 1,
                    ProcessIdentity.ticksStart(1));
            return variants.create(lock, new Environment(env.fs(), env.liveness(), shared, env.clock(), env.waits(),
                    env.random(), env.nonces(), env.observer()));
        };
    }

    /**
     * PID-namespace confusion (MCSeedPidNamespace): the seed's lock used from two containers that
     * share its directory; kill(pid, 0) looks the holder up in the caller's namespace.
     */
    LockVariants SEED_PID_NAMESPACE = (lock, env) -> new SeedUnlinkLock(lock, LyingProbes.pidLookedUpInOwnNamespace(env));

    /** Ours with tokens that only count and a cleaner deleting the fence (MCFsLockFenceCleanerCounting). */
    LockVariants FENCE_CLEANER_COUNTING = (lock, env) -> new PlantedBug(new OurLockVariant(lock,
            FenceCleaner.countingTokens(FenceCleaner.deletesFenceBeforeEachRead(env))), "fence-cleaner-counting");

    /** Ours with tokens that only count and the fence rewritten in place, truncate then write (MCFsLockFenceInPlace). */
    LockVariants FENCE_IN_PLACE = (lock, env) -> new PlantedBug(new OurLockVariant(lock,
            FenceCleaner.countingTokens(FenceInPlace.writesFenceInPlace(env))), "fence-in-place");

    /** Ours with a false suspicion and no kernel locks to veto it (MCFsLockFalseSuspicion). */
    LockVariants FALSE_SUSPICION = (lock, env) -> new PlantedBug(new OurLockVariant(lock,
            LyingProbes.entryLocksAnswer(LyingProbes.falseSuspicion(env), EntryLockState.UNKNOWN)), "false-suspicion");

    /** Ours with a false suspicion and kernel locks lost while alive (MCFsLockFalseSuspicionLostLock). */
    LockVariants LOST_LOCK = (lock, env) -> new PlantedBug(new OurLockVariant(lock,
            LyingProbes.entryLocksAnswer(LyingProbes.falseSuspicion(env), EntryLockState.FREE)), "lost-lock");
}
