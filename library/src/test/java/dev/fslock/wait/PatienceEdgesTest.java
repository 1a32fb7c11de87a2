package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The limits of a patience: a century exactly is still a limit; each kind says what it is. */
class PatienceEdgesTest {

    @Test
    void aCenturyExactlyIsStillALimit() {
        Patience century = Patience.atMost(Duration.ofDays(365 * 100));
        assertNotSame(Patience.forever(), century);
        assertEquals("at most PT876000H", century.toString());
    }

    @Test
    void eachPatienceNamesItself() {
        assertEquals("once", Patience.once().toString());
        assertEquals("forever", Patience.forever().toString());
        assertEquals("at most PT1.5S", Patience.atMost(Duration.ofMillis(1500)).toString());
        assertSame(Patience.once(), Patience.atMost(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Patience.atMost(null));
    }
}
