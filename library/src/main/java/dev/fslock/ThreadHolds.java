package dev.fslock;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The locks each thread of this JVM holds: what makes re-acquisition by the holding thread fail
 * fast (fslock locks are not reentrant; it would otherwise wait for itself forever).
 */
final class ThreadHolds {
    /**
     * A lock held by a thread; a lock is its path on one filesystem (the environment's FileOps).
     * Its equals and hashCode are written by hand: a record's own are bootstrapped at run time
     * (ObjectMethods), which made the JVM generate 15-18 classes in the first acquisition of every
     * fslock command (start-up, docs/cli.md).
     */
    private record HeldBy(Object fs, Path lock, Thread thread) {
        @Override
        public boolean equals(Object o) {
            return o instanceof HeldBy h && Objects.equals(fs, h.fs) && Objects.equals(lock, h.lock)
                    && thread == h.thread;
        }

        @Override
        public int hashCode() {
            return Objects.hash(fs, lock, thread);
        }
    }

    private static final Set<HeldBy> HELD = ConcurrentHashMap.newKeySet();

    private ThreadHolds() {}

    /** @throws IllegalStateException if the current thread holds the lock {@code lock} of {@code fs} */
    static void requireNotHeld(Object fs, Path lock) {
        if (HELD.contains(current(fs, lock))) {
            throw new IllegalStateException("lock " + lock + " is already held by this thread; fslock locks"
                    + " are not reentrant: use the handle you hold, or release it first");
        }
    }

    /** Records that the current thread holds the lock; the returned action forgets it (on release, from any thread). */
    static Runnable hold(Object fs, Path lock) {
        HeldBy key = current(fs, lock);
        HELD.add(key);
        return new Runnable() { // a class, not a lambda: every fslock run's start-up (docs/cli.md)
            @Override
            public void run() {
                HELD.remove(key);
            }
        };
    }

    private static HeldBy current(Object fs, Path lock) {
        return new HeldBy(fs, lock, Thread.currentThread());
    }
}
