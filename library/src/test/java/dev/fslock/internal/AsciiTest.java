package dev.fslock.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ascii's checks and split against the regular expressions they replace, on many generated strings. */
class AsciiTest {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzAF-_ \t\n\u000B\f\r\u0001\u00a0\u0660";

    private static String randomString(SplittableRandom random) {
        int length = random.nextInt(40);
        StringBuilder s = new StringBuilder();
        boolean narrow = random.nextBoolean(); // often from the characters that matter, to reach the long matches
        for (int i = 0; i < length; i++) {
            s.append(narrow ? "0123456789abcdefz".charAt(random.nextInt(17)) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    @Test
    void checksAreTheirRegularExpressions() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            String s = randomString(random);
            int min = random.nextInt(3);
            int max = min + random.nextInt(33);
            String range = "{" + min + "," + max + "}";
            assertEquals(s.matches("[0-9]" + range), Ascii.isDigits(s, min, max), s + range);
            assertEquals(s.matches("[0-9a-f]" + range), Ascii.isLowerHex(s, min, max), s + range);
            assertEquals(s.matches("[0-9a-z]" + range), Ascii.isDigitsOrLowerLetters(s, min, max), s + range);
        }
        assertEquals(true, Ascii.isLowerHex("0123456789abcdef0123456789abcdef", 32, 32));
        assertEquals(false, Ascii.isLowerHex("0123456789abcdef0123456789abcde", 32, 32));
    }

    @Test
    void splitIsSplitAtWhitespaceRuns() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            String s = randomString(random);
            assertArrayEquals(s.split("\\s+"), Ascii.splitAtWhitespace(s), () -> "[" + s + "]");
        }
        for (String s : new String[] {"", " ", "  a", "a  ", " a b ", "\t\n", "a\u000Bb\fc\rd", "a\u0001b"}) {
            assertArrayEquals(s.split("\\s+"), Ascii.splitAtWhitespace(s), () -> "[" + s + "]");
        }
    }
}
