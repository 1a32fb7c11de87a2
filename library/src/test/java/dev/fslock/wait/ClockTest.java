package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The system clock: wall time in microseconds is the floor of fencing tokens, so it must be the real time. */
class ClockTest {

    @Test
    void theSystemsWallClockInMicrosecondsIsItsMillisecondsRefined() {
        long before = System.currentTimeMillis();
        long micros = Clock.SYSTEM.currentTimeMicros();
        long millis = Clock.SYSTEM.currentTimeMillis();
        long after = System.currentTimeMillis();
        assertTrue(before * 1000 <= micros && micros < (after + 1) * 1000, micros + " not within " + before + ".." + after);
        assertTrue(before <= millis && millis <= after);
    }

    @Test
    void theSystemsMonotonicClockIsSystemNanoTime() {
        long before = System.nanoTime();
        long nanos = Clock.SYSTEM.nanoTime();
        long after = System.nanoTime();
        assertTrue(before <= nanos && nanos <= after);
    }

    @Test
    void aClockWithMillisecondsOnlyGivesWholeMillisecondsOfMicroseconds() {
        Clock millisOnly = new Clock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public long currentTimeMillis() {
                return 1_700_000_000_123L;
            }
        };
        assertEquals(1_700_000_000_123_000L, millisOnly.currentTimeMicros());
    }
}
