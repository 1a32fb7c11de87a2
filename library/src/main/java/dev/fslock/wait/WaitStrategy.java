package dev.fslock.wait;

import java.nio.file.Path;

/** Opens a {@link LockWaiter} for the directory that holds a lock. */
@FunctionalInterface
public interface WaitStrategy {

    /** Watches {@code parent} (where the lock directory is created and removed) for changes. */
    LockWaiter watch(Path parent);

    /**
     * Watches for the lock at {@code lock} becoming free. By default, any change in its parent
     * directory counts ({@link #watch}); the system strategy counts only the lock's name leaving
     * the directory, which is when it may have become free.
     */
    default LockWaiter watchLock(Path lock) {
        return watch(lock.toAbsolutePath().getParent());
    }

    /** Filesystem events where the platform delivers them promptly, plain sleeping elsewhere. */
    static WaitStrategy system() {
        return new WaitStrategy() {
            @Override
            public LockWaiter watch(Path parent) {
                return DirectoryEvents.shared().watch(parent);
            }

            @Override
            public LockWaiter watchLock(Path lock) {
                return DirectoryEvents.shared().watchLock(lock);
            }
        };
    }
}
