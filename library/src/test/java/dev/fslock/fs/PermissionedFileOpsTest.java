package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create and chmod are one step: what the chmod fails on is removed again, so an acquisition that
 * fails for it leaves nothing behind (on the real filesystem, with a chmod that fails). And a
 * directory gets search permission wherever it grants read.
 */
class PermissionedFileOpsTest {
    @TempDir
    Path dir;

    private final IOException refused = new IOException("chmod refused");

    /** The real filesystem, whose chmod fails. */
    private FileOps failingChmod() {
        NioFileOps real = NioFileOps.instance();
        return (FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(), new Class<?>[] {FileOps.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setPermissions")) {
                        throw refused;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void whatAFailedChmodWasForIsRemovedAgain() throws IOException {
        PermissionedFileOps fs = new PermissionedFileOps(failingChmod(), PosixFilePermissions.fromString("rw-rw----"));
        assertSame(refused, assertThrows(IOException.class, () -> fs.createDirectory(dir.resolve("d"))));
        assertSame(refused, assertThrows(IOException.class, () -> fs.createFile(dir.resolve("f"))));
        assertSame(refused, assertThrows(IOException.class, () -> fs.createEntry(dir.resolve("e"))));
        Files.createDirectory(dir.resolve("lock"));
        Files.createFile(dir.resolve("lock/owner"));
        assertSame(refused, assertThrows(IOException.class, () -> fs.createFileBeside(dir.resolve("lock"), "owner", "co")));
        for (String left : new String[] {"d", "f", "e", "lock/co"}) {
            assertFalse(Files.exists(dir.resolve(left), LinkOption.NOFOLLOW_LINKS), left + " left behind");
        }
        assertEquals(0, refused.getSuppressed().length, "each cleanup succeeded");
    }

    @Test
    void filesAndDirectoriesGetTheChosenModeWhateverTheUmask() throws IOException {
        PermissionedFileOps fs = new PermissionedFileOps(NioFileOps.instance(), PosixFilePermissions.fromString("rw-rw-r--"));
        fs.createDirectory(dir.resolve("lock"));
        fs.createFile(dir.resolve("file"));
        try (EntryFile ignored = fs.createEntry(dir.resolve("lock/owner"))) {
            fs.createFileBeside(dir.resolve("lock"), "owner", "co");
            assertEquals("775", fs.ownership(dir.resolve("lock")).orElseThrow().octal());
            assertEquals("664", fs.ownership(dir.resolve("file")).orElseThrow().octal());
            assertEquals("1664", fs.ownership(dir.resolve("lock/owner")).orElseThrow().octal(), "sticky kept");
            assertEquals("664", fs.ownership(dir.resolve("lock/co")).orElseThrow().octal());
        }
    }

    @Test
    void aDirectoryIsSearchableByWhoeverMayReadIt() {
        assertEquals(PosixFilePermissions.fromString("rwxr-x---"),
                PermissionedFileOps.directoryPermissions(PosixFilePermissions.fromString("rw-r-----")));
        assertEquals(PosixFilePermissions.fromString("-wx---r-x"),
                PermissionedFileOps.directoryPermissions(PosixFilePermissions.fromString("-wx---r--")));
        assertEquals(PosixFilePermissions.fromString("------r-x"),
                PermissionedFileOps.directoryPermissions(PosixFilePermissions.fromString("------r--")));
        assertEquals(PosixFilePermissions.fromString("---r-x---"),
                PermissionedFileOps.directoryPermissions(PosixFilePermissions.fromString("---r-----")));
        assertEquals(Set.of(), PermissionedFileOps.directoryPermissions(Set.of()));
    }
}
