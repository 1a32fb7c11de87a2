package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.OtherThread;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * Everything under {@code dir}, with file contents and link targets: what every scenario
     * compares before and after, so that "nothing fslock did not make was removed or changed" is
     * checked, not assumed.
     */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p);
                all.put(dir.relativize(p).toString(), what);
            }
        }
        return all;
    }

    /** acquire, tryAcquire, break and break --force each refuse the lock path at once; nothing changes. @return the message */
    private String assertNotALockAndUntouched(Path lockPath) throws Exception {
        Map<String, String> before = snapshot();
        FsLock lock = FsLock.open(lockPath);

        // An exception at once, not an empty answer or a timeout: waiting would never end.
        FileSystemException tried = assertThrows(FileSystemException.class, lock::tryAcquire);
        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(Duration.ofDays(1)));
        FileSystemException broke = assertThrows(FileSystemException.class, () -> lock.breakLock(false));
        FileSystemException forced = assertThrows(FileSystemException.class, () -> lock.breakLock(true));
        LockStatus status = lock.status();

        System.out.println(e.getReason());
        for (FileSystemException each : List.of(tried, e, broke, forced)) {
            assertEquals("dev.fslock.NotALockException", each.getClass().getName());
            assertTrue(each.getReason().startsWith("lock " + lockPath + " is not a lock: "), each.getReason());
            assertTrue(each.getReason().contains("fslock never removes what it did not make"), each.getReason());
            assertFalse(each.getReason().contains("\n"), each.getReason());
        }
        assertEquals(LockStatus.State.FOREIGN, status.state());
        assertEquals(before, snapshot(), "something fslock did not make was changed or removed");
        return e.getReason();
    }

    @Test
    void regularFileOfAnotherToolAtTheLockPathIsNeverTakenNorRemoved() throws Exception {
        Path seedLock = dir.resolve("X.lock");
        Files.writeString(seedLock, "{\"pid\":123}");

        String message = assertNotALockAndUntouched(seedLock);

        assertTrue(message.contains("it is a regular file, not an fslock lock directory"), message);
        assertTrue(message.contains("remove it yourself: rm " + seedLock), message);
        assertEquals("regular file", FsLock.open(seedLock).status().foreignKind());
    }

    @Test
    void symlinkToAnEmptyDirectoryIsNeverFollowedNorRemoved() throws Exception {
        // The dangerous case: were the link followed, rename(2) could replace the empty target.
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("X"), target);

        String message = assertNotALockAndUntouched(link);

        assertTrue(message.contains("it is a symbolic link, not an fslock lock"), message);
    }

    @Test
    void symlinkToADirectoryWithFilesIsNeverFollowedNorRemoved() throws Exception {
        Path target = Files.createDirectory(dir.resolve("target"));
        Files.writeString(target.resolve("precious"), "data");

        assertNotALockAndUntouched(Files.createSymbolicLink(dir.resolve("X"), target));
    }

    @Test
    void danglingSymlinkIsNeverFollowedNorRemoved() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("X"), dir.resolve("nowhere"));

        String message = assertNotALockAndUntouched(link);

        assertTrue(message.contains("symbolic link"), message);
        assertFalse(Files.exists(dir.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS), "the link was not followed");
    }

    /** Issue 10: a directory of someone's files at the lock path was waited on forever, and break --force emptied it. */
    @Test
    void directoryOfOtherFilesIsNotALockNeverWaitedOnNorEmptied() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("notes.txt"), "notes");
        Files.writeString(work.resolve("config.ini"), "[x]");
        Files.createDirectory(work.resolve("sub"));

        String message = assertNotALockAndUntouched(work);

        assertTrue(message.contains("it is a directory holding files fslock did not make ("), message);
        assertTrue(message.contains("notes.txt"), message);
        assertTrue(message.contains("use another lock path (for a lock inside that directory, a name of its own such"
                + " as " + work.resolve("NAME.lock") + ")"), message);
        LockStatus status = FsLock.open(work).status();
        assertEquals("directory", status.foreignKind());
        assertEquals(List.of("config.ini", "notes.txt", "sub"), status.foreignNames().stream().sorted().toList());
    }

    /** One stranger is enough: with the holder's entry gone, the directory would never empty. */
    @Test
    void strangerBesideALiveHoldersEntryMakesItNotALockAndNothingIsRemoved() throws Exception {
        FsLock holder = FsLock.open(dir.resolve("X"));
        try (LockHandle held = holder.acquire(SHORT)) {
            Files.writeString(dir.resolve("X").resolve("someone-elses-file"), "?");

            Throwable e = OtherThread.start("waiter", () -> FsLock.open(dir.resolve("X")).acquire(Duration.ofDays(1)))
                    .joinFailure();

            assertEquals("dev.fslock.NotALockException", e.getClass().getName(), e.toString());
            assertTrue(e.getMessage().contains("someone-elses-file"), e.getMessage());
            assertTrue(held.isValid(), "the holder's entry was not touched");
        }
        assertEquals(List.of("someone-elses-file"), FsLock.open(dir.resolve("X")).status().foreignNames(),
                "release removed the holder's entry only, and left the directory that is no longer empty");
        assertEquals("?", Files.readString(dir.resolve("X").resolve("someone-elses-file")));
    }

    /**
     * Issue 10: {@code mkdir emptydir.lock; fslock run emptydir.lock -- ...} ran, and release removed
     * the user's directory. An empty directory with no fence beside it is not fslock's.
     */
    @Test
    void emptyDirectoryWithoutAFenceIsSomebodysDirectoryNotALock() throws Exception {
        Path users = Files.createDirectory(dir.resolve("emptydir.lock"));
        Object inode = Files.readAttributes(users, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        String message = assertNotALockAndUntouched(users);

        assertTrue(message.contains("it is an empty directory with no emptydir.lock.fence beside it"), message);
        assertTrue(message.contains("rmdir " + users), message);
        assertEquals(inode, Files.readAttributes(users, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "the same directory, not one renamed over it");
    }

    /** What a crash between release's unlink and rmdir leaves: an empty directory beside its fence. A free lock. */
    @Test
    void emptyDirectoryBesideItsFenceIsAFreeLock() throws Exception {
        FsLock lock = FsLock.open(dir.resolve("X"));
        long first;
        try (LockHandle held = lock.acquire(SHORT)) {
            first = held.fencingToken();
        }
        Files.createDirectory(dir.resolve("X"));

        assertTrue(lock.status().isFree());
        try (LockHandle held = FsLock.open(dir.resolve("X")).acquire(SHORT)) {
            assertTrue(held.fencingToken() > first);
        }
        assertEquals(List.of("X.fence"), names());
    }

    @Test
    void entryNamedLikeOursButOfAnotherVersionIsUnknownWaitedForAndRemovedOnlyByForce() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("X"));
        String future = "o2_" + TestEnvironments.SELF.host() + "_x_y_1_k1_abc";
        Files.createFile(lockDir.resolve(future));
        FsLock lock = FsLock.open(lockDir);

        assertTrue(lock.tryAcquire().isEmpty());
        LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> lock.acquire(SHORT));
        lock.breakLock(false);
        assertTrue(Files.exists(lockDir.resolve(future)), "never broken without --force");
        assertTrue(e.getMessage().contains("entry " + future + " that this fslock cannot read (UNKNOWN"), e.getMessage());
        assertTrue(e.getMessage().contains("fslock break --force"), e.getMessage());
        assertEquals(Liveness.UNKNOWN, e.status().holders().get(0).liveness());

        lock.breakLock(true);
        assertEquals(List.of(), names().stream().filter(n -> !n.equals("X.queue")).toList(), // the queue file may stay
                "an owner entry of fslock's shape is fslock's to remove, on --force");
    }

    /**
     * Beside the lock: files of other programs, names that look like fslock's but are not this
     * lock's leftovers, another lock's leftovers. Acquire, release, the sweep, break and break
     * --force remove none of them: the directory is compared before and after.
     */
    @Test
    void filesBesideTheLockAreNeverTouchedByAnyOperation() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "notes");
        Files.createDirectory(dir.resolve(".X.tmp.garbage"));
        Files.writeString(dir.resolve(".X.fence.not-an-owner"), "7");
        Files.writeString(dir.resolve("X.fence.bak"), "3");
        Files.createDirectory(dir.resolve(".Y.tmp.o1_" + TestEnvironments.SELF.host() + "_x_y_1_k1_abc"));
        Map<String, String> before = snapshot();
        FsLock lock = FsLock.open(dir.resolve("X"));

        lock.acquire(SHORT).release();
        try (LockHandle held = FsLock.open(dir.resolve("X")).acquire(SHORT)) {
            assertTrue(OtherThread.start("waiter", () -> FsLock.open(dir.resolve("X")).acquire(Duration.ofMillis(50)))
                    .joinFailure() instanceof LockTimeoutException, "a waiter that swept and timed out");
        }
        lock.breakLock(false);
        lock.breakLock(true);

        Map<String, String> after = snapshot();
        assertEquals("-> " + Files.readSymbolicLink(dir.resolve("X.fence")), after.remove("X.fence"), "the fence, fslock's own");
        after.remove("X.queue"); // the waiters' queue, fslock's own: made by a waiting acquisition, never removed
        assertEquals(before, after);
    }

    /** Issue 10: "", ".", ".." made the working directory (or its parent) the lock. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".", "..", "./", "x/.", "x/..", "/"})
    void aPathThatNamesADirectoryIsRefusedBeforeAnythingTouchesTheDisk(String path) {
        MemoryFileOps fs = new MemoryFileOps();
        List<String> calls = new java.util.ArrayList<>();
        fs.setHook((op, p) -> calls.add(op + " " + p));
        var env = TestEnvironments.inMemory().fs(fs).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsLock.open(Path.of(path), FsLockOptions.defaults(), env));
        assertThrows(IllegalArgumentException.class, () -> FsLock.open(Path.of(path)));

        assertTrue(e.getMessage().contains("give the lock a name of its own"), e.getMessage());
        assertEquals(List.of(), calls, "no filesystem call");
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
