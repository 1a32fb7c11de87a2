package dev.fslock.wait;

import java.nio.file.Path;

/** Opens a {@link LockWaiter} for the directory that holds a lock. */
@FunctionalInterface
public interface WaitStrategy {

    /** Watches {@code parent} (where the lock directory is created and removed) for changes. */
    LockWaiter watch(Path parent);

    /** Filesystem events where the platform delivers them promptly, plain sleeping elsewhere. */
    static WaitStrategy system() {
        return DirectoryEvents.shared()::watch;
    }
}
