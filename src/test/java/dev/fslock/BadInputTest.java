package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.process.Liveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is found where a lock should be, and is not one: another tool's lock file, symbolic links,
 * entries fslock did not write, a missing or unwritable directory, a network filesystem. Each
 * scenario asserts that nothing was deleted, and that the error says what is wrong and what to do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void regularFileOfAnotherToolAtTheLockPathIsNeverTakenNorRemoved() throws Exception {
        Path seedLock = dir.resolve("X.lock");
        Files.writeString(seedLock, "{\"pid\":123}");
        FsLock lock = FsLock.open(seedLock);

        assertTrue(lock.tryAcquire().isEmpty());
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);

        System.out.println(e.getMessage());
        assertTrue(e.getMessage().contains(seedLock.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is a regular file, not an fslock lock"), e.getMessage());
        assertTrue(e.getMessage().contains("fslock break --force " + seedLock), e.getMessage());
        assertEquals(LockStatus.State.FOREIGN, e.status().state());
        assertEquals("{\"pid\":123}", Files.readString(seedLock), "untouched");
        assertEquals(List.of("X.lock"), names(), "nothing left beside it");
    }

    @Test
    void symlinkToAnEmptyDirectoryIsNeverFollowedNorRemoved() throws Exception {
        // The dangerous case: were the link followed, rename(2) could replace the empty target.
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("X"), target);
        FsLock lock = FsLock.open(link);

        assertTrue(lock.tryAcquire().isEmpty());
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);

        assertTrue(e.getMessage().contains("is a symbolic link, not an fslock lock"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(target, Files.readSymbolicLink(link));
        assertTrue(Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS));
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(0, s.count(), "nothing was put into the target");
        }
        assertEquals(List.of("X", "target"), names());
    }

    @Test
    void symlinkToADirectoryWithFilesIsNeverFollowedNorRemoved() throws Exception {
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.writeString(target.resolve("precious"), "data");
        Path link = Files.createSymbolicLink(dir.resolve("X"), target);
        FsLock lock = FsLock.open(link);

        assertTrue(lock.tryAcquire().isEmpty());
        assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);

        assertTrue(Files.isSymbolicLink(link));
        assertEquals("data", Files.readString(target.resolve("precious")));
        assertEquals(List.of("X", "target"), names());
    }

    @Test
    void danglingSymlinkIsNeverFollowedNorRemoved() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("X"), dir.resolve("nowhere"));
        FsLock lock = FsLock.open(link);

        assertTrue(lock.tryAcquire().isEmpty());
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);

        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.exists(dir.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS), "the link was not followed");
        assertEquals(List.of("X"), names());
    }

    @Test
    void entryWithAnUnparseableNameIsUnknownAndNeverRemoved() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("X"));
        Files.writeString(lockDir.resolve("someone-elses-file"), "?");
        FsLock lock = FsLock.open(lockDir);

        assertTrue(lock.tryAcquire().isEmpty());
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);

        assertTrue(e.getMessage().contains("foreign entry someone-elses-file"), e.getMessage());
        assertTrue(e.getMessage().contains("UNKNOWN"), e.getMessage());
        assertTrue(e.getMessage().contains("fslock break --force"), e.getMessage());
        assertEquals(Liveness.UNKNOWN, e.status().holders().get(0).liveness());
        assertEquals("?", Files.readString(lockDir.resolve("someone-elses-file")));
        assertEquals(List.of("X"), names());
    }

    @Test
    void entryNamedLikeOursButOfAnotherVersionIsUnknownAndNeverRemoved() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("X"));
        String future = "o2_" + TestEnvironments.SELF.host() + "_x_y_1_k1_abc";
        Files.createFile(lockDir.resolve(future));
        FsLock lock = FsLock.open(lockDir);

        assertTrue(lock.tryAcquire().isEmpty());
        lock.breakLock(false);

        assertTrue(Files.exists(lockDir.resolve(future)));
    }

    @Test
    void missingParentDirectoryFailsAtOpenWithAClearMessage() throws Exception {
        Path lockPath = dir.resolve("missing").resolve("X");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> FsLock.open(lockPath));

        assertEquals(dir.resolve("missing").toString(), e.getFile());
        assertTrue(e.getMessage().contains("the directory of lock " + lockPath + " does not exist; create it first"),
                e.getMessage());
        assertEquals(List.of(), names(), "nothing created");
    }

    @Test
    void parentThatIsAFileFailsAtOpen() throws Exception {
        Files.writeString(dir.resolve("file"), "x");

        NotDirectoryException e = assertThrows(NotDirectoryException.class, () -> FsLock.open(dir.resolve("file/X")));

        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals(List.of("file"), names());
    }

    @Test
    void parentWithoutWritePermissionFailsWithAccessDeniedAndLeavesNothing() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("readonly"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(parent), "permissions are not enforced (running as root?)");
            FsLock lock = FsLock.open(parent.resolve("X"));

            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> lock.acquire(SHORT));

            assertTrue(e.getMessage().contains("lock " + parent.resolve("X")), e.getMessage());
            assertTrue(e.getMessage().contains("needs write and search permission"), e.getMessage());
            try (Stream<Path> s = Files.list(parent)) {
                assertEquals(0, s.count());
            }
        } finally {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void immutableParentFailsWithOperationNotPermittedAndLeavesNothing() throws Exception {
        // A real refusal where root ignores permissions: chattr +i refuses even root (EPERM, which
        // Java reports as a plain FileSystemException, not AccessDeniedException).
        Path parent = Files.createDirectory(dir.resolve("immutable"));
        assumeTrue(run("chattr", "+i", parent.toString()), "chattr +i not available here");
        try {
            assumeFalse(canCreateIn(parent), "chattr +i is not enforced here");
            FsLock lock = FsLock.open(parent.resolve("X"));

            FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(SHORT));

            assertTrue(e.getMessage().contains("lock " + parent.resolve("X") + ": Operation not permitted"), e.getMessage());
            try (Stream<Path> s = Files.list(parent)) {
                assertEquals(0, s.count());
            }
        } finally {
            assertTrue(run("chattr", "-i", parent.toString()), "could not undo chattr +i on " + parent);
        }
    }

    private static boolean canCreateIn(Path parent) {
        try {
            Files.delete(Files.createDirectory(parent.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void networkFileSystemIsRefusedAtOpen() throws Exception {
        MemoryFileOps nfs = new MemoryFileOps("nfs4");
        nfs.mkdirs(Path.of("/mnt/shared"));
        var env = TestEnvironments.inMemory().fs(nfs).build();

        NetworkFileSystemException e = assertThrows(NetworkFileSystemException.class,
                () -> FsLock.open(Path.of("/mnt/shared/X"), FsLockOptions.defaults(), env));

        assertTrue(e.getMessage().contains("/mnt/shared"), e.getMessage());
        assertTrue(e.getMessage().contains("nfs4"), e.getMessage());
        assertTrue(e.getMessage().contains("withNetworkFileSystemAllowed(true)"), e.getMessage());
        assertEquals(List.of(Path.of("/"), Path.of("/mnt"), Path.of("/mnt/shared")), nfs.paths());
    }

    @Test
    void networkFileSystemWorksWhenAllowedExplicitly() throws Exception {
        MemoryFileOps nfs = new MemoryFileOps("nfs4");
        nfs.mkdirs(Path.of("/mnt/shared"));
        var env = TestEnvironments.inMemory().fs(nfs).build();

        FsLock lock = FsLock.open(Path.of("/mnt/shared/X"), FsLockOptions.defaults().withNetworkFileSystemAllowed(true), env);

        try (LockHandle held = lock.acquire(SHORT)) {
            assertTrue(held.isValid());
        }
    }
}
