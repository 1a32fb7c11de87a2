package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The characters just outside each range an entry name is checked against. */
class OwnerIdEdgesTest {
    private static final String REST = "_0123456789abcdef0123456789abcdef_4026531836_4242_k1000_abc";

    @Test
    void theVersionIsDigitsZeroToNineAndNothingAroundThem() {
        for (String entry : List.of("o0_x", "o9_x", "o1_")) {
            assertTrue(OwnerId.hasEntryShape(entry), entry);
        }
        for (String stranger : List.of("o/_x", "o:_x", "o12", "o1/_x")) {
            assertFalse(OwnerId.hasEntryShape(stranger), stranger);
        }
    }

    @Test
    void anEscapeCutShortAtTheEndOfTheHostIsNoOwner() {
        assertTrue(OwnerId.parse("o1_hostA" + REST).isPresent());
        assertEquals("hostA", OwnerId.parse("o1_hostA" + REST).orElseThrow().process().host());
        assertEquals(Optional.empty(), OwnerId.parse("o1_host%4" + REST));
        assertEquals(Optional.empty(), OwnerId.parse("o1_host%" + REST));
        assertEquals("a\u00e9", OwnerId.parse("o1_a%C3%A9" + REST).orElseThrow().process().host(),
                "an escape that ends the host");
    }
}
