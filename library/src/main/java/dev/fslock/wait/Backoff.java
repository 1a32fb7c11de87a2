package dev.fslock.wait;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: waits start at {@code initialNanos}, double up to
 * {@code maxNanos} (the probe period: a dead holder is noticed within one), and each wait is drawn
 * uniformly from the upper half of the current bound so that waiters drift apart.
 */
public final class Backoff {
    private final long maxNanos;
    private final RandomGenerator random;
    private long boundNanos; // invariant: initialNanos <= boundNanos <= maxNanos

    public Backoff(long initialNanos, long maxNanos, RandomGenerator random) {
        if (initialNanos <= 0 || maxNanos < initialNanos) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initialNanos + ", " + maxNanos);
        }
        this.maxNanos = maxNanos;
        this.random = random;
        this.boundNanos = initialNanos;
    }

    /** The next wait, never longer than {@code remainingNanos}. */
    public long nextNanos(long remainingNanos) {
        long half = boundNanos / 2;
        long wait = half + random.nextLong(boundNanos - half + 1);
        boundNanos = boundNanos > maxNanos / 2 ? maxNanos : boundNanos * 2; // no overflow for any cap
        return Math.max(0, Math.min(wait, remainingNanos));
    }
}
