package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.NioFileOps;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.TestEnvironments;
import dev.fslock.wait.Patience;
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
    /** The longest lock name, in bytes: 255 (NAME_MAX) less a small margin for NAME.fence. */
    private static final int LONGEST_NAME = 240;

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

    /** A path that names a directory (the working directory, its parent) instead of a lock of its own. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".", "..", "./", "a/.", "a/..", "/tmp/.", "/tmp/..", "/.", "/..", "a/./", "a/../"})
    void aPathThatNamesADirectoryIsNoLockPath(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of(path)));
        assertTrue(e.getMessage().contains("give the lock a name of its own"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"x", "./x", "a/../x", "x/", ".x", "..x", "x..", "/tmp/x.lock"})
    void aPathEndingInAName(String path) {
        assertEquals(Path.of(path).toAbsolutePath().normalize(), new LockLayout(Path.of(path)).lock());
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
    void lockNameOfAtMost240BytesIsAccepted() {
        new LockLayout(Path.of("/locks/" + "a".repeat(LONGEST_NAME)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LockLayout(Path.of("/locks/" + "a".repeat(LONGEST_NAME + 1))));
        assertTrue(e.getMessage().contains("lock name too long"), e.getMessage());
    }

    @Test
    void lockNameLimitCountsBytesNotCharacters() {
        // NAME_MAX is in bytes: 121 two-byte characters are 242 bytes, two too many.
        String nearLimit = "\u00e9".repeat(120); // 240 bytes

        new LockLayout(Path.of("/locks/" + nearLimit));
        assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of("/locks/" + "\u00e9".repeat(121))));
        assertThrows(IllegalArgumentException.class, () -> new LockLayout(Path.of("/locks/" + "\u20ac".repeat(81))));
    }

    @Test
    void aLongNameIsCutInTempNamesAndTwoLongNamesSharingTheirStartGetDifferentTempNames() {
        String common = "x".repeat(100);
        LockLayout a = new LockLayout(Path.of("/locks/" + common + "a"));
        LockLayout b = new LockLayout(Path.of("/locks/" + common + "b"));
        String tempA = a.tempDir(OWNER).getFileName().toString();
        String tempB = b.tempDir(OWNER).getFileName().toString();

        assertTrue(tempA.matches("\\.x{48}~[0-9a-f]{12}\\.tmp\\." + ENTRY), tempA);
        assertFalse(tempA.equals(tempB));
        assertTrue(a.leftover(tempA).isPresent());
        assertEquals(Optional.empty(), a.leftover(tempB), "another lock's temp is not this lock's leftover");
        assertEquals(Path.of("/locks/" + common + "a.fence"), a.fence(), "the fence keeps the whole name");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ascii", "two-byte", "three-byte"})
    void longestAcceptedNameWorksOnTheRealFilesystemWithALongOwnerName(String kind, @TempDir Path dir) throws Exception {
        String name = switch (kind) {
            case "ascii" -> "a".repeat(LONGEST_NAME);
            case "two-byte" -> "\u00e9".repeat(120);
            default -> "\u20ac".repeat(80);
        };
        assertEquals(LONGEST_NAME, name.getBytes(StandardCharsets.UTF_8).length);
        // The longest realistic owner: a 64-byte host name (the Linux limit), pid_max, ten-digit
        // namespace, a start time of years at 1000 Hz, a nonce from the largest salt.
        ProcessIdentity longest = new ProcessIdentity("h".repeat(64), "0123456789abcdef0123456789abcdef", "4026531836",
                4_194_304, "k99999999999");
        var env = TestEnvironments.inMemory().fs(NioFileOps.instance()).self(longest).liveness(new FakeLiveness())
                .nonces(Environment.counterNonces(Integer.MAX_VALUE)).build();
        LockProtocol protocol = new LockProtocol(new LockLayout(dir.resolve(name)), env, 20_000_000, false);

        LockProtocol.Acquired held = protocol.acquire("", Patience.once()).orElseThrow();
        assertTrue(protocol.isHeldBy(held.owner()));
        assertTrue(protocol.release(held));
        // A temp directory and a fence temp of the longest owner, as a crash would leave them, are
        // named within NAME_MAX and recognised as leftovers of this lock.
        OwnerId crashed = new OwnerId(longest, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
        LockLayout layout = new LockLayout(dir.resolve(name));
        Files.createDirectory(layout.tempDir(crashed));
        Files.createSymbolicLink(layout.fenceTemp(crashed), Path.of("7"));
        assertTrue(layout.leftover(layout.tempDir(crashed).getFileName().toString()).isPresent());
        assertTrue(layout.leftover(layout.fenceTemp(crashed).getFileName().toString()).isPresent());
        Files.delete(layout.tempDir(crashed));
        Files.delete(layout.fenceTemp(crashed));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(name + ".fence"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve(name)));
    }
}
