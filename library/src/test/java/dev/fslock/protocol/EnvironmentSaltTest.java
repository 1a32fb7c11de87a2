package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The nonce salt keeps a process's nonces apart from those of a predecessor with the same pid
 * (where the start time is unknown), so it must be spread over its whole range, every bit of it:
 * a salt that lost its top byte or any other byte of the four read from /dev/urandom would repeat
 * far more often. 64 salts are drawn; with uniform salts, each check below fails with a
 * probability under 2^-230 (all 64 below 2^24: 2^-448; fewer than 8 distinct values among 64
 * draws of a byte's 256 values: under C(256,7) (7/256)^64 &lt; 2^-288; of the top byte's 128:
 * under C(128,7) (7/128)^64 &lt; 2^-230), so the test is deterministic in practice.
 */
class EnvironmentSaltTest {
    private static final int DRAWS = 64;

    @Test
    void theSaltIsSpreadOverEveryByteOfItsRange() {
        int[] salts = new int[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            salts[i] = Environment.randomSalt();
            assertTrue(salts[i] >= 0 && salts[i] < Integer.MAX_VALUE, "out of [0, Integer.MAX_VALUE): " + salts[i]);
        }
        for (int shift = 0; shift < 32; shift += 8) {
            Set<Integer> values = new HashSet<>();
            for (int salt : salts) {
                values.add(salt >>> shift & 0xff);
            }
            assertTrue(values.size() >= 8, "bits " + shift + ".." + (shift + 7) + " hardly vary: " + values);
        }
        int high = 0;
        for (int salt : salts) {
            if (salt >= 1 << 24) {
                high++;
            }
        }
        assertTrue(high > 0, "no salt reaches above 2^24: the top byte is lost");
    }

    @Test
    void noncesAreTheSaltThenACounterInBase36() {
        Supplier<String> nonces = Environment.counterNonces(36 * 36 - 1);
        assertEquals("zzx1", nonces.get());
        assertEquals("zzx2", nonces.get());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(nonces.get()), "a nonce repeated");
        }
    }
}
