package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Exponential backoff with jitter: each wait lies in the upper half of the current bound, the bound
 * doubles up to the cap, and no wait exceeds the time remaining. The random seed of each try is a
 * generated parameter, so jqwik's report (seed and sample) reproduces any failure.
 */
class BackoffTest {

    @Property
    void eachWaitLiesInTheUpperHalfOfADoublingBoundCappedAtTheMaximum(
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long initial,
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long extra,
            @ForAll @IntRange(min = 1, max = 100) int waits,
            @ForAll long seed) {
        long max = initial + extra > 0 ? initial + extra : Long.MAX_VALUE; // any cap from initial up
        Backoff backoff = new Backoff(initial, max, new SplittableRandom(seed));
        long bound = initial;
        for (int i = 0; i < waits; i++) {
            long wait = backoff.nextNanos(Long.MAX_VALUE);
            assertTrue(bound / 2 <= wait && wait <= bound, "wait " + i + ": " + wait + " outside [" + bound / 2 + ", " + bound + "]");
            bound = bound > max / 2 ? max : bound * 2;
        }
    }

    @Property
    void neverWaitsLongerThanTheTimeRemaining(
            @ForAll @LongRange(min = 1, max = 1_000_000L) long initial,
            @ForAll @LongRange(min = 1, max = 60_000_000_000L) long max,
            @ForAll @LongRange(min = -1_000, max = 100_000_000_000L) long remaining,
            @ForAll @IntRange(min = 1, max = 40) int waits,
            @ForAll long seed) {
        Backoff backoff = new Backoff(initial, Math.max(initial, max), new SplittableRandom(seed));
        for (int i = 0; i < waits; i++) {
            long wait = backoff.nextNanos(remaining);
            assertTrue(0 <= wait && wait <= Math.max(0, remaining), wait + " for " + remaining + " remaining");
        }
    }

    @Property
    void reachesTheCapAndStaysThere(@ForAll @LongRange(min = 1, max = 1_000_000L) long initial,
                                    @ForAll @IntRange(min = 0, max = 20) int doublings,
                                    @ForAll long seed) {
        long max = initial << doublings;
        Backoff backoff = new Backoff(initial, max, new SplittableRandom(seed));
        for (int i = 0; i < doublings; i++) {
            backoff.nextNanos(Long.MAX_VALUE);
        }
        for (int i = 0; i < 5; i++) {
            long wait = backoff.nextNanos(Long.MAX_VALUE);
            assertTrue(max / 2 <= wait && wait <= max, wait + " not in the upper half of the cap " + max);
        }
    }

    @Example
    void jitterSpreadsWaitsOverTheWholeUpperHalf() {
        // Many waiters with the same bound drift apart: their first waits cover [bound/2, bound].
        long bound = 1_000;
        long least = Long.MAX_VALUE;
        long most = Long.MIN_VALUE;
        SplittableRandom random = new SplittableRandom(7);
        for (int waiter = 0; waiter < 2_000; waiter++) {
            long wait = new Backoff(bound, bound, random).nextNanos(Long.MAX_VALUE);
            least = Math.min(least, wait);
            most = Math.max(most, wait);
        }
        assertEquals(bound / 2, least);
        assertEquals(bound, most);
    }

    @Example
    void refusesBoundsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 9, new SplittableRandom(1)));
    }
}
