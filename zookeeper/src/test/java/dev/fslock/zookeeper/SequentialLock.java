package dev.fslock.zookeeper;

/**
 * The reference behaviour of {@link ZkLockAsObject}: a plain lock, held by at most one thread id.
 * Same operations, same signatures, no concurrency (verification's lincheck SequentialLock, without
 * crashes).
 */
public final class SequentialLock {
    private static final int NOBODY = -1;
    private int holder = NOBODY;

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
