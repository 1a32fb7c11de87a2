package dev.fslock.wait;

import java.time.Instant;

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

        @Override
        public long currentTimeMicros() {
            Instant now = Instant.now();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        }
    };

    /** Monotonic; only differences mean anything. */
    long nanoTime();

    /** Wall clock, epoch milliseconds: for "acquired at" and "held for". */
    long currentTimeMillis();

    /** Wall clock, epoch microseconds: the floor of fencing tokens. */
    default long currentTimeMicros() {
        return Math.multiplyExact(currentTimeMillis(), 1_000L);
    }
}
