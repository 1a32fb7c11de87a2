package dev.fslock.wait;

/**
 * The waiters' queue of one lock (docs/protocol.md, "The queue"): only its head retries and
 * watches the holder; the others sleep until they are head, or until a timeout, and then go on
 * without it (bypass). An optimisation only: safety never depends on it, and a waiter that cannot
 * use it waits as it would without it.
 */
public interface WaitQueue {

    /** Never available: every waiter waits on its own (the default of test environments). */
    WaitQueue UNAVAILABLE = new WaitQueue() { // a class, not a lambda: every fslock run's start-up (docs/cli.md)
        @Override
        public Place join(long timeoutNanos) {
            return Place.unavailable();
        }
    };

    /**
     * Waits at most {@code timeoutNanos} to become the head.
     *
     * @throws InterruptedException if interrupted while waiting (then not the head)
     */
    Place join(long timeoutNanos) throws InterruptedException;

    /**
     * One look, no waiting, by a fresh acquirer before its first rename: the head if the queue is
     * free, {@link Place#timedOut() taken} if somebody holds it (then go to the back: {@link #join}),
     * unavailable if it cannot be used or does not exist yet (nobody has waited: go on alone).
     * Never makes the queue file. The default: unavailable.
     *
     * @throws InterruptedException if interrupted (then not the head)
     */
    default Place tryJoin() throws InterruptedException {
        return Place.unavailable();
    }

    /** Where a waiter stands after {@link #join}. */
    interface Place extends AutoCloseable {
        /** The head: the only waiter that retries. */
        boolean isHead();

        /** Not the head because the queue could not be used at all (not merely taken): wait on your own. */
        boolean isUnavailable();

        /** Leaves the queue (the head unlocks it; the next waiter becomes head). Idempotent. */
        @Override
        void close();

        static Place unavailable() {
            return Outcome.UNAVAILABLE;
        }

        static Place timedOut() {
            return Outcome.TIMED_OUT;
        }
    }

    /** The places that hold nothing. */
    enum Outcome implements Place {
        /** The queue could not be used: no file, no permission, no locks here. */
        UNAVAILABLE,
        /** Still taken when the timeout passed (or, for {@link #tryJoin}, taken now). */
        TIMED_OUT;

        @Override
        public boolean isHead() {
            return false;
        }

        @Override
        public boolean isUnavailable() {
            return this == UNAVAILABLE;
        }

        @Override
        public void close() {}
    }
}
