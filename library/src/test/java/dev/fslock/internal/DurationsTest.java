package dev.fslock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The short human forms of durations in messages: 850ms, 3.2s, 3m12s, 2h05m, 3d04h. */
class DurationsTest {

    @ParameterizedTest(name = "{0} ms = {1}")
    @CsvSource({
        "0, 0ms",
        "850, 850ms",
        "999, 999ms",
        "1000, 1.0s",
        "3200, 3.2s",
        "3249, 3.2s",
        "59900, 59.9s",
        "59999, 59.9s",          // never "60.0s": that is 1m00s
        "60000, 1m00s",
        "192000, 3m12s",
        "3599999, 59m59s",
        "3600000, 1h00m",
        "7500000, 2h05m",
        "86399999, 23h59m",
        "86400000, 1d00h",
        "288000000, 3d08h",
    })
    void formsByMagnitude(long millis, String expected) {
        assertEquals(expected, Durations.human(Duration.ofMillis(millis)));
    }
}
