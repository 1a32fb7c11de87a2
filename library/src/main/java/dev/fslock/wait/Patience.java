package dev.fslock.wait;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an acquisition may wait for a held lock: {@link #once()} (one attempt, no waiting),
 * {@link #atMost(Duration)}, or {@link #forever()}. The one value of "how long to wait", from
 * {@code FsLock}'s methods down to the protocol's loop; {@link #startingNow} turns it into a
 * {@link Deadline} on a clock.
 */
public final class Patience {
    /** A limit beyond this is no limit: a century, whose nanoseconds still fit a long. */
    private static final Duration NO_LIMIT_BEYOND = Duration.ofDays(365 * 100);
    private static final Patience ONCE = new Patience(Duration.ZERO);
    private static final Patience FOREVER = new Patience(null);

    private final Duration limit; // null: no limit

    private Patience(Duration limit) {
        this.limit = limit;
    }

    /** One attempt: a live holder is not waited for (a dead one is still broken first). */
    public static Patience once() {
        return ONCE;
    }

    /** No limit: wait as long as it takes (until interrupted). */
    public static Patience forever() {
        return FOREVER;
    }

    /**
     * At most {@code timeout}: zero is {@link #once()}, more than a century {@link #forever()}.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static Patience atMost(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        if (timeout.isZero()) {
            return ONCE;
        }
        return timeout.compareTo(NO_LIMIT_BEYOND) > 0 ? FOREVER : new Patience(timeout);
    }

    /** False for one attempt, which never waits: no watch, no backoff, "busy" rather than "timed out". */
    public boolean waits() {
        return limit == null || !limit.isZero();
    }

    /** The deadline of an acquisition that starts now by {@code clock}. */
    public Deadline startingNow(Clock clock) {
        return new Deadline(clock, clock.nanoTime());
    }

    @Override
    public String toString() {
        return limit == null ? "forever" : limit.isZero() ? "once" : "at most " + limit;
    }

    /** A {@link Patience} that started at an instant of a monotonic {@link Clock}. */
    public final class Deadline {
        private final Clock clock;
        private final long startNanos;

        private Deadline(Clock clock, long startNanos) {
            this.clock = clock;
            this.startNanos = startNanos;
        }

        public Patience patience() {
            return Patience.this;
        }

        /** Nanoseconds left to wait: zero or less once the deadline passed, {@link Long#MAX_VALUE} without a limit. */
        public long remainingNanos() {
            return limit == null ? Long.MAX_VALUE : limit.toNanos() - (clock.nanoTime() - startNanos);
        }

        /** How long since the start. */
        public Duration elapsed() {
            return Duration.ofNanos(clock.nanoTime() - startNanos);
        }
    }
}
