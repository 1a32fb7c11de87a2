package dev.fslock.wait;

import java.nio.file.Path;

/** Opens a {@link LockWaiter} for a lock. */
@FunctionalInterface
public interface WaitStrategy {

    /**
     * Watches for the lock at {@code lock} becoming free: the system strategy is woken when the
     * lock's name leaves its directory (an rmdir, a rename away), which is when it may have become
     * free, or when events were lost.
     */
    LockWaiter watchLock(Path lock);

    /** Filesystem events where the platform delivers them promptly, plain sleeping elsewhere. */
    static WaitStrategy system() {
        return lock -> DirectoryEvents.shared().watchLock(lock);
    }

    /**
     * How many times a waiter of this JVM learnt from the kernel that a holder it waited for had
     * released or died (its entry's lock was granted to a watch): for tests and diagnostics.
     */
    static long holderEndsSeenByKernel() {
        return HolderWatches.freedInThisJvm();
    }
}
