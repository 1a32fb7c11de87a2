package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.NioFileOps;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.TestEnvironments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a lock's files are, how leftovers are recognised, and how long a lock name may be. */
class LockLayoutTest {
    private static final OwnerId OWNER = new OwnerId(TestEnvironments.SELF, "n1");
    private static final String ENTRY = OWNER.entryName();
    /** The longest lock name, in bytes: 255 (NAME_MAX) less room for a fence temp's prefix and entry. */
    private static final int LONGEST_NAME = 75;

    @Test
    void filesOfALockAllLiveInItsParentDirectory() {
        LockLayout layout = new LockLayout(Path.of("/locks/X"));

        assertEquals(Path.of("/locks"), layout.parent());
        assertEquals(Path.of("/locks/X"), layout.lock());
        assertEquals(Path.of("/locks/X/" + ENTRY), layout.entry(OWNER));
        assertEquals(Path.of("/locks/X.fence"), layout.fence());
        assertEquals(Path.of("/locks/.X.tmp." + ENTRY), layout.tempDir(OWNER));
        assertEquals(Path.of("/locks/.X.tmp." + ENTRY + "/" + ENTRY), layout.tempEntry(OWNER));
        assertEquals(Path.of("/locks/.X.fence." + ENTRY), layout.fenceTemp(OWNER));
    }

    @Test
    void relativeAndUnnormalizedPathsAreMadeAbsolute() {
        LockLayout layout = new LockLayout(Path.of("a/../X"));

        assertEquals(Path.of("X").toAbsolutePath(), layout.lock());
        assertTrue(layout.parent().isAbsolute());
    }

    @Test
    void theRootIsNoLockPath() {
        assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of("/")));
    }

    @Test
    void recognisesItsOwnLeftoversAndTheirOwners() {
        LockLayout layout = new LockLayout(Path.of("/locks/X"));

        assertEquals(Optional.of(new LockLayout.Leftover(".X.tmp." + ENTRY, OWNER, true)), layout.leftover(".X.tmp." + ENTRY));
        assertEquals(Optional.of(new LockLayout.Leftover(".X.fence." + ENTRY, OWNER, false)), layout.leftover(".X.fence." + ENTRY));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X", "X.fence", ".X.tmp.", ".X.tmp.garbage", ".X.fence.garbage", ".Y.tmp.ENTRY", ".XY.tmp.ENTRY",
            ".Y.fence.ENTRY", ".X.tmp.tmp.ENTRY", ".X.fence.fence.ENTRY", ".X.fence.tmp.ENTRY", "X.tmp.ENTRY", "..X.tmp.ENTRY"})
    void ignoresEverythingElseInTheDirectory(String pattern) {
        LockLayout layout = new LockLayout(Path.of("/locks/X"));

        assertEquals(Optional.empty(), layout.leftover(pattern.replace("ENTRY", ENTRY)));
    }

    @Test
    void lockNameOfAtMost75CharactersIsAccepted() {
        new LockLayout(Path.of("/locks/" + "a".repeat(LONGEST_NAME)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LockLayout(Path.of("/locks/" + "a".repeat(LONGEST_NAME + 1))));
        assertTrue(e.getMessage().contains("lock name too long"), e.getMessage());
    }

    @Test
    void lockNameLimitCountsBytesNotCharacters() {
        // NAME_MAX is in bytes: 38 two-byte characters are 76 bytes, one too many.
        String nearLimit = "\u00e9".repeat(37) + "a"; // 75 bytes

        new LockLayout(Path.of("/locks/" + nearLimit));
        assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of("/locks/" + "\u00e9".repeat(38))));
        assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of("/locks/" + "\u20ac".repeat(LONGEST_NAME))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ascii", "two-byte", "three-byte"})
    void longestAcceptedNameWorksOnTheRealFilesystemWithALongOwnerName(String kind, @TempDir Path dir) throws Exception {
        String name = switch (kind) {
            case "ascii" -> "a".repeat(LONGEST_NAME);
            case "two-byte" -> "\u00e9".repeat(37) + "a";
            default -> "\u20ac".repeat(25);
        };
        assertEquals(LONGEST_NAME, name.getBytes(StandardCharsets.UTF_8).length);
        // The longest realistic owner: a 64-byte host name (the Linux limit), pid_max, ten-digit
        // namespace, a start time of years at 1000 Hz, a nonce from the largest salt.
        ProcessIdentity longest = new ProcessIdentity("h".repeat(64), "0123456789abcdef0123456789abcdef", "4026531836",
                4_194_304, "k99999999999");
        var env = TestEnvironments.inMemory().fs(NioFileOps.instance()).self(longest).liveness(new FakeLiveness())
                .nonces(Environment.counterNonces(Integer.MAX_VALUE)).build();
        LockProtocol protocol = new LockProtocol(new LockLayout(dir.resolve(name)), env, 20_000_000, false);

        LockProtocol.Acquired held = (LockProtocol.Acquired) protocol.acquire("", 0);
        assertTrue(protocol.isHeldBy(held.owner()));
        assertTrue(protocol.release(held));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(name + ".fence"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve(name)));
    }
}
