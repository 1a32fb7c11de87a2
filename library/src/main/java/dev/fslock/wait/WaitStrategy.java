package dev.fslock.wait;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/** Opens a {@link LockWaiter} for a lock. */
@FunctionalInterface
public interface WaitStrategy {

    /**
     * Watches for the lock at {@code lock} becoming free: the system strategy is woken when the
     * lock's name leaves its directory (an rmdir, a rename away), which is when it may have become
     * free, or when events were lost.
     */
    LockWaiter watchLock(Path lock);

    /**
     * The waiters' queue whose file is {@code queueFile} (NAME.queue beside the lock). The default
     * is {@link WaitQueue#UNAVAILABLE}: every waiter waits on its own.
     */
    default WaitQueue queue(Path queueFile) {
        return WaitQueue.UNAVAILABLE;
    }

    /**
     * The same queue, whose file, if this process makes it, gets {@code permissions} whatever the
     * umask (a lock shared between users: they must all be able to open it). The default ignores them.
     */
    default WaitQueue queue(Path queueFile, Set<PosixFilePermission> permissions) {
        return queue(queueFile);
    }

    /** This strategy, with queue files made with {@code permissions} (see {@link #queue(Path, Set)}). */
    default WaitStrategy withQueuePermissions(Set<PosixFilePermission> permissions) {
        WaitStrategy waits = this;
        Set<PosixFilePermission> chosen = Set.copyOf(permissions);
        return new WaitStrategy() {
            @Override
            public LockWaiter watchLock(Path lock) {
                return waits.watchLock(lock);
            }

            @Override
            public WaitQueue queue(Path queueFile) {
                return waits.queue(queueFile, chosen);
            }
        };
    }

    /** Filesystem events where the platform delivers them promptly, plain sleeping elsewhere. */
    static WaitStrategy system() {
        return SystemWaits.INSTANCE;
    }

    /**
     * How many times a waiter of this JVM learnt from the kernel that a holder it waited for had
     * released or died (its entry's lock was granted to a watch): for tests and diagnostics.
     */
    static long holderEndsSeenByKernel() {
        return HolderWatches.freedInThisJvm();
    }

    /** Directory events and entry-lock watches; the queue as a kernel lock on its file. */
    final class SystemWaits implements WaitStrategy {
        private static final SystemWaits INSTANCE = new SystemWaits();

        private SystemWaits() {}

        @Override
        public LockWaiter watchLock(Path lock) {
            return DirectoryEvents.shared().watchLock(lock);
        }

        @Override
        public WaitQueue queue(Path queueFile) {
            return new KernelWaitQueue(queueFile);
        }

        @Override
        public WaitQueue queue(Path queueFile, Set<PosixFilePermission> permissions) {
            return new KernelWaitQueue(queueFile, Optional.of(Set.copyOf(permissions)));
        }
    }
}
