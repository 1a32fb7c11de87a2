package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.internal.Internals;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FsLockOptions#withPermissions}: what fslock creates gets the chosen permissions whatever
 * the umask (issue 10, "several users, one lock"), and without the option not one system call is
 * added to an acquisition.
 */
class PermissionsTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");
    private static final Set<PosixFilePermission> RW_RW = PosixFilePermissions.fromString("rw-rw----");
    private static final Set<PosixFilePermission> RWX_RWX = PosixFilePermissions.fromString("rwxrwx---");

    private final MemoryFileOps fs = new MemoryFileOps();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    private FsLock open(FsLockOptions options) throws IOException {
        fs.mkdirs(DIR);
        fs.setHook((op, path) -> calls.add(op + " " + (path.getFileName() == null ? path : path.getFileName())));
        return FsLock.open(LOCK, options, TestEnvironments.inMemory().fs(fs).liveness(new FakeLiveness()).build());
    }

    @Test
    void withoutTheOptionNothingIsChmoddedAndNoCallIsAdded() throws Exception {
        FsLock lock = open(FsLockOptions.defaults());
        lock.acquire(Duration.ofSeconds(5)).release(); // the first acquisition also checks the path and sweeps
        calls.clear();

        lock.acquire(Duration.ofSeconds(5)).release();

        assertFalse(calls.stream().anyMatch(c -> c.startsWith("chmod")), calls.toString());
        List<String> withoutOption = List.copyOf(calls);
        calls.clear();
        FsLock permissioned = FsLock.open(LOCK, FsLockOptions.defaults().withPermissions(RW_RW),
                TestEnvironments.inMemory().fs(fs).liveness(new FakeLiveness()).build());
        permissioned.acquire(Duration.ofSeconds(5)).release();
        calls.clear();
        permissioned.acquire(Duration.ofSeconds(5)).release();
        assertEquals(withoutOption.size() + 2, calls.size(), "the option adds a chmod of the temp dir and of the entry: "
                + calls);
        assertEquals(withoutOption, calls.stream().filter(c -> !c.startsWith("chmod")).toList());
    }

    @Test
    void theLockDirectoryTheEntryAndACoOwnersEntryGetThePermissions() throws Exception {
        FsLock lock = open(FsLockOptions.defaults().withPermissions(RW_RW));

        try (LockHandle held = lock.acquire(Duration.ofSeconds(5))) {
            OwnerId child = Internals.addCoOwner(held, TestEnvironments.withPid(TestEnvironments.SELF, 99, "k9"));

            assertEquals(RWX_RWX, fs.permissions(LOCK).orElseThrow(), "the lock directory (the renamed temp directory)");
            assertEquals(RW_RW, fs.permissions(LOCK.resolve(held.entryName())).orElseThrow());
            assertEquals(RW_RW, fs.permissions(LOCK.resolve(child.entryName())).orElseThrow());
            Internals.removeCoOwner(held, child);
        }
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("chmod .X.tmp.")), calls.toString());
    }

    @Test
    void aFailedChmodUndoesTheCreateAndLeavesNothing() throws Exception {
        FsLock lock = open(FsLockOptions.defaults().withPermissions(RW_RW));
        AccessDeniedException refused = new AccessDeniedException("chmod");
        fs.setHook((op, path) -> {
            if (op.equals("chmod") && path.getParent().equals(DIR)) {
                throw refused;
            }
        });

        IOException e = assertThrows(IOException.class, () -> lock.acquire(Duration.ofSeconds(5)));

        assertSame(refused, e.getCause());
        assertEquals(List.of(Path.of("/"), DIR), fs.paths(), "the temp directory was removed again");
    }

    @Test
    void permissionsMustLetTheOwnerReadAndWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsLockOptions.defaults().withPermissions(PosixFilePermissions.fromString("r--r--r--")));
        assertTrue(e.getMessage().contains("owner read and write"), e.getMessage());
    }

    /** The real filesystem: the JVM's umask (022 here, or whatever) would make 755 and 644. */
    @Test
    void onTheRealFilesystemTheUmaskDoesNotMatter(@TempDir Path dir) throws Exception {
        Path lockPath = dir.resolve("x.lock");
        FsLock lock = FsLock.open(lockPath, FsLockOptions.defaults()
                .withPermissions(PosixFilePermissions.fromString("rw-rw-rw-")));

        try (LockHandle held = lock.acquire(Duration.ofSeconds(5))) {
            OwnerId child = Internals.addCoOwner(held, ProcessIdentity.current());
            assertEquals("rwxrwxrwx", mode(lockPath));
            assertEquals("rw-rw-rw-", mode(lockPath.resolve(held.entryName())));
            assertEquals("rw-rw-rw-", mode(lockPath.resolve(child.entryName())));
            Internals.removeCoOwner(held, child);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
