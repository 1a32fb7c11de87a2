package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.NotALockException;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.NioFileOps;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is a lock, on the real filesystem: nothing, or a directory of owner entries, or an empty
 * one with its fence beside it. Anything else is someone else's and is named in the error, which
 * says what to do and never suggests removing more than what is there.
 */
class LockContentsTest {
    private final NioFileOps fs = NioFileOps.instance();

    @TempDir
    Path dir;

    private LockLayout layout() {
        return new LockLayout(dir.resolve("L"));
    }

    @Test
    void nothingIsAFreeLockAndIsListedAsNoEntries() throws IOException {
        List<List<String>> listed = new ArrayList<>();
        LockContents.Verdict v = LockContents.examine(layout(), fs, listed::add);
        assertTrue(v.isLock());
        assertEquals(FileKind.ABSENT, v.kind());
        assertEquals(List.of(List.of()), listed);
        assertEquals("nothing", v.foreignKind());
    }

    @Test
    void aDirectoryOfOwnerEntriesIsAHeldLock() throws IOException {
        Files.createDirectory(layout().lock());
        Files.createFile(layout().lock().resolve("o1_x"));
        List<List<String>> listed = new ArrayList<>();
        LockContents.Verdict v = LockContents.examine(layout(), fs, listed::add);
        assertTrue(v.isLock());
        assertEquals(List.of("o1_x"), v.entries());
        assertEquals(List.of(List.of("o1_x")), listed);
        assertFalse(v.fenceBeside(), "a held lock's fence is not looked at");
        assertDoesNotThrow(() -> LockContents.requireLock(layout(), fs));
    }

    @Test
    void anEmptyDirectoryIsAFreeLockOnlyWithItsFence() throws IOException {
        Files.createDirectory(layout().lock());
        LockContents.Verdict bare = LockContents.examine(layout(), fs);
        assertFalse(bare.isLock());
        assertEquals("empty directory", bare.foreignKind());
        NotALockException e = assertThrows(NotALockException.class, () -> LockContents.requireLock(layout(), fs));
        assertTrue(e.getMessage().contains("empty directory with no L.fence beside it"), e.getMessage());
        assertTrue(e.getMessage().contains("rmdir " + layout().lock()), e.getMessage());

        Files.createSymbolicLink(layout().fence(), Path.of("5"));
        LockContents.Verdict fenced = LockContents.examine(layout(), fs);
        assertTrue(fenced.isLock());
        assertTrue(fenced.fenceBeside());
    }

    @Test
    void aDirectoryWithAStrangerIsNotALockWhateverElseItHolds() throws IOException {
        Files.createDirectory(layout().lock());
        Files.createFile(layout().lock().resolve("o1_x"));
        Files.createFile(layout().lock().resolve("notes.txt"));
        List<List<String>> listed = new ArrayList<>();
        LockContents.Verdict v = LockContents.examine(layout(), fs, listed::add);
        assertFalse(v.isLock());
        assertEquals(List.of("notes.txt"), v.strangers());
        assertEquals(List.of(), listed, "not a lock: nothing told");
        assertEquals("directory", v.foreignKind());
        NotALockException e = assertThrows(NotALockException.class, () -> LockContents.requireLock(layout(), fs));
        assertTrue(e.getMessage().contains("holding files fslock did not make (notes.txt)"), e.getMessage());
        assertTrue(e.getMessage().contains(layout().lock() + "/NAME.lock"), e.getMessage());
    }

    @Test
    void aFileALinkOrASocketAtTheLockPathIsNotALock() throws IOException {
        Files.createFile(layout().lock());
        assertEquals("regular file", LockContents.examine(layout(), fs).foreignKind());
        NotALockException e = assertThrows(NotALockException.class, () -> LockContents.requireLock(layout(), fs));
        assertTrue(e.getMessage().contains("it is a regular file, not an fslock lock directory"), e.getMessage());
        assertTrue(e.getMessage().contains("rm " + layout().lock()), e.getMessage());
        Files.delete(layout().lock());

        Files.createSymbolicLink(layout().lock(), Files.createDirectory(dir.resolve("elsewhere")));
        assertFalse(LockContents.examine(layout(), fs).isLock(), "a link to a directory is not followed");
        assertEquals("symbolic link", LockContents.examine(layout(), fs).foreignKind());
        Files.delete(layout().lock());

        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(layout().lock()));
            assertEquals("special file", LockContents.examine(layout(), fs).foreignKind());
        }
    }

    @Test
    void strangersAreNamedUpToThree() {
        assertEquals("a", LockContents.named(List.of("a")));
        assertEquals("a, b, c", LockContents.named(List.of("a", "b", "c")));
        assertEquals("a, b, c and 2 more", LockContents.named(List.of("a", "b", "c", "d", "e")));
        assertEquals(List.of(".hidden", "o_x"), LockContents.strangers(List.of("o1_x", ".hidden", "o_x", "o12_y")));
    }
}
