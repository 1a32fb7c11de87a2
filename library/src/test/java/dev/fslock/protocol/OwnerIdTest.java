package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.ProcessIdentity;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The owner entry name codec {@code o1_HOST_BOOT_PIDNS_PID_START_NONCE}: every identity survives
 * the round trip, whatever its host name; every name fslock did not write is rejected (its owner is
 * then UNKNOWN, never broken). jqwik prints each property's seed in its report.
 */
class OwnerIdTest {
    private static final ProcessIdentity PROCESS =
            new ProcessIdentity("build-7.example.org", "0123456789abcdef0123456789abcdef", "4026531836", 4242, "k1000");
    private static final String NAME = "o1_build-7.example.org_0123456789abcdef0123456789abcdef_4026531836_4242_k1000_abc";

    @Provide
    Arbitrary<String> hosts() {
        Arbitrary<String> odd = Arbitraries.strings().alpha().numeric().withChars("._-%:/ @\\\"'\t\n~*?")
                .withCharRange('\u00c0', '\u024f').withCharRange('\u4e00', '\u4e20').ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD83D\uDD12", "x\uD83C\uDF89y"); // surrogate pairs
        return Arbitraries.oneOf(odd, emoji, Arbitraries.of("localhost", "a", "my_host", "100%", "o1_x_y"));
    }

    @Provide
    Arbitrary<OwnerId> owners() {
        Arbitrary<String> boot = Arbitraries.oneOf(Arbitraries.just("-"),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32));
        Arbitrary<String> ns = Arbitraries.oneOf(Arbitraries.just("-"), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20));
        Arbitrary<Long> pid = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<String> start = Combinators.combine(Arbitraries.of("k", "m"), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20))
                .as(String::concat);
        Arbitrary<String> nonce = Arbitraries.strings().withChars("0123456789abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(32);
        return Combinators.combine(hosts(), boot, ns, pid, start, nonce)
                .as((h, b, n, p, s, x) -> new OwnerId(new ProcessIdentity(h, b, n, p, s), x));
    }

    @Property
    void theNameBeforeThePidIsItsFirstFourFields(@ForAll("owners") OwnerId owner) {
        String[] f = owner.entryName().split("_", -1);

        assertEquals(String.join("_", f[0], f[1], f[2], f[3]) + "_", owner.entryNameBeforePid());
    }

    @Example
    void theStartTimeTagsAreKForTicksAndMForMillis() {
        assertEquals(PROCESS, new ProcessIdentity(PROCESS.host(), PROCESS.bootId(), PROCESS.pidNamespace(),
                PROCESS.pid(), ProcessIdentity.ticksStart(1000)));
        assertEquals("m1765000000000", ProcessIdentity.millisStart(1_765_000_000_000L));
        assertEquals("m0", ProcessIdentity.UNKNOWN_START);
    }

    @Example
    void anEntryShapeIsOThenAVersionInDigitsThenAnUnderscore() {
        for (String entry : List.of(NAME, "o2_anything", "o17_", "o1_x")) {
            assertTrue(OwnerId.hasEntryShape(entry), entry);
        }
        for (String stranger : List.of("", "o", "o1", "o_1", "o1x_", "x1_a", "O1_a", "notes.txt", ".o1_a")) {
            assertFalse(OwnerId.hasEntryShape(stranger), stranger);
        }
    }

    @Property
    void everyOwnerSurvivesTheRoundTrip(@ForAll("owners") OwnerId owner) {
        assertEquals(Optional.of(owner), OwnerId.parse(owner.entryName()));
    }

    @Property
    void entryNamesAreSafeFileNamesWithSevenFields(@ForAll("owners") OwnerId owner) {
        String name = owner.entryName();

        assertTrue(name.matches("[A-Za-z0-9.%_-]+"), name);
        assertEquals(7, name.split("_", -1).length, name);
    }

    @Property
    void differentOwnersHaveDifferentNames(@ForAll("owners") OwnerId a, @ForAll("owners") OwnerId b) {
        assertEquals(a.equals(b), a.entryName().equals(b.entryName()));
    }

    @Property
    void aParsedNameIsTheNameItsOwnerWrites(@ForAll("owners") OwnerId owner, @ForAll @IntRange(min = 0, max = 3) int variant) {
        // Equivalent spellings of one owner's name (escaped letters, lower-case hex, padded numbers)
        // are not names fslock writes: one owner, one name.
        String name = owner.entryName();
        String spelled = switch (variant) {
            case 0 -> name.replaceFirst("^o1_([A-Za-z0-9])", "o1_%" + String.format("%02X", (int) name.charAt(3)));
            case 1 -> lowerCaseFirstHexEscape(name);
            case 2 -> name.replaceFirst("_([0-9]+)_([km])", "_0$1_$2");
            default -> name.replaceFirst("_([0-9]+)_([km])", "_+$1_$2");
        };
        if (!spelled.equals(name)) {
            assertEquals(Optional.empty(), OwnerId.parse(spelled), spelled);
        }
    }

    private static String lowerCaseFirstHexEscape(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%[0-9A-F]?[A-F][0-9A-F]?").matcher(name);
        return m.find() && m.group().length() == 3
                ? name.substring(0, m.start()) + m.group().toLowerCase(java.util.Locale.ROOT) + name.substring(m.end())
                : name;
    }

    @Example
    void parsesTheDocumentedForm() {
        assertEquals(Optional.of(new OwnerId(PROCESS, "abc")), OwnerId.parse(NAME));
        assertEquals(NAME, new OwnerId(PROCESS, "abc").entryName());
    }

    @Example
    void escapesEveryByteOutsideTheSafeSet() {
        ProcessIdentity odd = new ProcessIdentity("my_host é", "-", "-", 1, "m0");

        assertEquals("o1_my%5Fhost%20%C3%A9_-_-_1_m0_n", new OwnerId(odd, "n").entryName());
    }

    @Example
    void theSafeSetEndsExactlyAtItsRangesEnds() {
        // Each range's first and last character is kept, the character just outside it is escaped.
        ProcessIdentity edges = new ProcessIdentity("AZaz09.-@[`{/:", "-", "-", 1, "m0");

        String name = new OwnerId(edges, "n").entryName();

        assertEquals("o1_AZaz09.-%40%5B%60%7B%2F%3A_-_-_1_m0_n", name);
        assertEquals(Optional.of(new OwnerId(edges, "n")), OwnerId.parse(name));
    }

    @Example
    void rejectsNamesItDidNotWrite() {
        String[] foreign = {
            "", "garbage", "o1", "o1_a_b", NAME + "_extra", NAME.replace("o1_", "o2_"), NAME.replace("o1_", "O1_"),
            NAME.replace("0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF"), // boot id case
            NAME.replace("0123456789abcdef0123456789abcdef", "1234"),                             // boot id length
            NAME.replace("_4026531836_", "_ns_"), NAME.replace("_4242_", "_0_"), NAME.replace("_4242_", "_-1_"),
            NAME.replace("_4242_", "_pid_"), NAME.replace("_4242_", "_99999999999999999999_"),
            NAME.replace("_k1000_", "_1000_"), NAME.replace("_k1000_", "_x1000_"), NAME.replace("_k1000_", "_k_"),
            NAME.replace("_abc", "_ABC"), NAME.replace("_abc", "_"), NAME.replace("_abc", "_" + "a".repeat(33)),
            NAME.replace("build-7", "build 7"), NAME.replace("build-7", "build%2"), NAME.replace("build-7", "build%zz"),
            NAME.replace("build-7.example.org", ""), "o1_h_-_-_1_k1_a/b", ".X.tmp." + NAME,
        };
        for (String name : foreign) {
            assertEquals(Optional.empty(), OwnerId.parse(name), name);
        }
    }

    @Example
    void rejectsNoncesOutsideTheAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> new OwnerId(PROCESS, ""));
        assertThrows(IllegalArgumentException.class, () -> new OwnerId(PROCESS, "A"));
        assertThrows(IllegalArgumentException.class, () -> new OwnerId(PROCESS, "a_b"));
        assertThrows(IllegalArgumentException.class, () -> new OwnerId(PROCESS, "a".repeat(33)));
    }
}
