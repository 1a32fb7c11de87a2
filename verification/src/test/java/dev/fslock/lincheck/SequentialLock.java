package dev.fslock.lincheck;

import java.util.HashSet;
import java.util.Set;

/**
 * The reference behaviour of {@link LockAsObject}: a plain lock, held by at most one thread id.
 * A lock left by a dead owner counts as free: anybody may break it. A crashed thread does
 * nothing more and every operation of it answers false. Same operations, same signatures, no
 * concurrency.
 */
public final class SequentialLock {
    private static final int NOBODY = -1;
    private int holder = NOBODY; // a thread id, or NOBODY; never a crashed one
    private final Set<Integer> crashed = new HashSet<>();

    public boolean tryAcquire(int t) {
        if (crashed.contains(t)) {
            return false;
        }
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

    public boolean crash(int t) {
        if (!crashed.add(t)) {
            return false;
        }
        if (holder == t) {
            holder = NOBODY;
        }
        return true;
    }
}
