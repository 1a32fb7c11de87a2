package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The commands that messages suggest can be pasted into a shell: a word of plain characters
 * stands as it is, anything else is single-quoted (a quote inside as '\''). The edges of each
 * plain range are plain; the characters just outside them are quoted.
 */
class ShellTest {
    @Test
    void theEdgesOfThePlainRangesStandAsTheyAre() {
        for (String plain : new String[] {"A", "Z", "a", "z", "0", "9", "_", ".", "/", "@", "%", "+", "=", ":", ",", "-"}) {
            assertEquals(plain, Shell.quote(plain), plain);
        }
        assertEquals("/tmp/locks/db_1.lock", Shell.quote("/tmp/locks/db_1.lock"));
    }

    @Test
    void justOutsideThemIsQuoted() {
        // '@' and ':' are plain in their own right; the neighbours of the ranges are not
        for (String other : new String[] {"[", "`", "{", "?", ";", " ", "$", "*"}) {
            assertEquals("'" + other + "'", Shell.quote(other), other);
        }
        assertEquals("''", Shell.quote(""), "an empty word must still be a word");
        assertEquals("'it'\\''s'", Shell.quote("it's"));
    }
}
