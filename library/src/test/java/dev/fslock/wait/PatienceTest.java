package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long to wait, and its deadline on a clock that the test moves by hand. */
class PatienceTest {
    /** A clock at {@code now} nanoseconds; only nanoTime matters here. */
    private static final class HandClock implements Clock {
        long now = 5_000; // not zero: remaining time is measured from the start, not from the clock's origin

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long currentTimeMillis() {
            return 0;
        }
    }

    @Test
    void zeroIsOneAttemptThatNeverWaits() {
        assertSame(Patience.once(), Patience.atMost(Duration.ZERO));
        assertFalse(Patience.once().waits());
        HandClock clock = new HandClock();
        Patience.Deadline deadline = Patience.once().startingNow(clock);
        assertEquals(0, deadline.remainingNanos(), "passed at once");
    }

    @Test
    void aLimitCountsDownFromTheStart() {
        HandClock clock = new HandClock();
        Patience.Deadline deadline = Patience.atMost(Duration.ofNanos(1_000)).startingNow(clock);
        assertTrue(deadline.patience().waits());
        clock.now += 300;
        assertEquals(700, deadline.remainingNanos());
        assertEquals(Duration.ofNanos(300), deadline.elapsed());
        clock.now += 1_000;
        assertEquals(-300, deadline.remainingNanos(), "passed");
    }

    @Test
    void foreverNeverPasses() {
        HandClock clock = new HandClock();
        Patience.Deadline deadline = Patience.forever().startingNow(clock);
        clock.now = Long.MAX_VALUE / 2;
        assertTrue(Patience.forever().waits());
        assertEquals(Long.MAX_VALUE, deadline.remainingNanos());
    }

    @Test
    void aLimitBeyondACenturyIsNoLimitSoThatItsNanosecondsCannotOverflow() {
        assertSame(Patience.forever(), Patience.atMost(Duration.ofDays(365 * 100 + 1)));
        assertSame(Patience.forever(), Patience.atMost(Duration.ofSeconds(Long.MAX_VALUE)));
        HandClock clock = new HandClock();
        assertEquals(Duration.ofDays(365 * 100).toNanos(),
                Patience.atMost(Duration.ofDays(365 * 100)).startingNow(clock).remainingNanos(), "a century is a limit");
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Patience.atMost(Duration.ofMillis(-1)));
        assertEquals("negative timeout: PT-0.001S", e.getMessage());
    }
}
