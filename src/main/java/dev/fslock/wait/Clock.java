package dev.fslock.wait;

/** Time as the lock sees it: a monotonic clock for deadlines, a wall clock for humans. */
public interface Clock {
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic; only differences mean anything. */
    long nanoTime();

    /** Wall clock, epoch milliseconds: for "acquired at" and "held for". */
    long currentTimeMillis();
}
