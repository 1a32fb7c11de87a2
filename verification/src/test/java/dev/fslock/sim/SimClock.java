package dev.fslock.sim;

import dev.fslock.wait.Clock;
import java.util.concurrent.TimeUnit;

/** The one clock of every simulated process: it moves only when the scheduler takes a step. */
final class SimClock implements Clock {
    private volatile long nowNanos = TimeUnit.SECONDS.toNanos(1000);

    void advance(long nanos) {
        nowNanos += nanos;
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public long currentTimeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos);
    }
}
