package dev.fslock.lincheck;

/**
 * The reference behaviour of {@link LockAsObject}: a plain lock, held by at most one thread id.
 * A lock left by a dead owner counts as free: anybody may break it. Same operations, same
 * signatures, no concurrency.
 */
public final class SequentialLock {
    private static final int NOBODY = -1;
    private int holder = NOBODY; // a thread id, or NOBODY

    public boolean tryAcquire(int t) {
        if (holder == NOBODY) {
            holder = t;
        }
        return holder == t;
    }

    public boolean release(int t) {
        if (holder != t) {
            return false;
        }
        holder = NOBODY;
        return true;
    }

    public boolean holds(int t) {
        return holder == t;
    }
}
