package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link FileOps} that the protocol relies on, on the real filesystem: what each
 * call returns for each kind of thing it finds (nothing, a file, a directory, a link), and which
 * outcomes are answers (false, ABSENT, NOT_EMPTY) rather than errors. The in-memory FileOps of the
 * simulation implements the same contract, so a difference here is a difference between what was
 * checked and what runs.
 */
class NioFileOpsTest {
    private final NioFileOps fs = NioFileOps.instance();

    @TempDir
    Path dir;

    @Test
    void renameMovesIntoAnAbsentPathOrAnEmptyDirectory() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.createFile(a.resolve("member"));
        assertTrue(fs.rename(a, dir.resolve("b")));
        assertTrue(Files.exists(dir.resolve("b/member")));
        assertFalse(Files.exists(a));

        Files.createDirectory(dir.resolve("empty"));
        assertTrue(fs.rename(dir.resolve("b"), dir.resolve("empty")));
        assertTrue(Files.exists(dir.resolve("empty/member")));
    }

    @Test
    void renameOntoAnOccupiedTargetIsARefusalAndMovesNothing() throws IOException {
        Path from = Files.createDirectory(dir.resolve("from"));
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.createFile(full.resolve("theirs"));
        Path file = Files.createFile(dir.resolve("file"));

        assertFalse(fs.rename(from, full), "a non-empty directory");
        assertFalse(fs.rename(from, file), "a file where a directory goes");
        assertFalse(fs.rename(file, full), "a directory where a file goes");
        assertTrue(Files.isDirectory(from));
        assertTrue(Files.exists(full.resolve("theirs")));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void renameOfNothingIsAnErrorNotARefusal() {
        assertThrows(NoSuchFileException.class, () -> fs.rename(dir.resolve("absent"), dir.resolve("to")));
    }

    @Test
    void renameThatCannotBeDoneIsAnErrorNotARefusal() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        // EINVAL: a directory into itself. Not "occupied", so not "held": the caller must see the error.
        FileSystemException e = assertThrows(FileSystemException.class, () -> fs.rename(a, a.resolve("inside")));
        assertFalse(RenameRefusals.isRefusal(e), e.toString());
        assertTrue(Files.isDirectory(a));
    }

    @Test
    void deleteFileRemovesAFileOrALinkAndSaysWhetherSomethingWasThere() throws IOException {
        Path file = Files.createFile(dir.resolve("entry"));
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        assertTrue(fs.deleteFile(file));
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        assertTrue(fs.deleteFile(link));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target), "the link's target stays");
        assertFalse(fs.deleteFile(dir.resolve("absent")));
    }

    @Test
    void deleteFileNeverRemovesADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> fs.deleteFile(sub));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void deleteEmptyDirectoryTellsRemovedAbsentAndNotEmptyApart() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.createFile(full.resolve("theirs"));

        assertEquals(RmdirResult.REMOVED, fs.deleteEmptyDirectory(empty));
        assertFalse(Files.exists(empty));
        assertEquals(RmdirResult.ABSENT, fs.deleteEmptyDirectory(empty));
        assertEquals(RmdirResult.NOT_EMPTY, fs.deleteEmptyDirectory(full));
        assertTrue(Files.exists(full.resolve("theirs")));
    }

    @Test
    void deleteEmptyDirectoryNeverRemovesAFile() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        assertThrows(IOException.class, () -> fs.deleteEmptyDirectory(file));
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void listNamesWhatADirectoryHoldsAndNothingForAnAbsentOne() throws IOException {
        Files.createFile(dir.resolve("x"));
        Files.createDirectory(dir.resolve("y"));
        assertEquals(Set.of("x", "y"), Set.copyOf(fs.list(dir)));
        assertEquals(List.of(), fs.list(dir.resolve("absent")));
    }

    @Test
    void listRefusesAFileAndALinkToADirectory() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createFile(sub.resolve("inside"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
        assertThrows(NotDirectoryException.class, () -> fs.list(file));
        assertThrows(NotDirectoryException.class, () -> fs.list(link));
    }

    @Test
    void kindReportsEachKindWithoutFollowingLinks() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path linkToDir = Files.createSymbolicLink(dir.resolve("link"), sub);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Path socket = dir.resolve("socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(FileKind.OTHER, fs.kind(socket));
        }
        assertEquals(FileKind.FILE, fs.kind(file));
        assertEquals(FileKind.DIRECTORY, fs.kind(sub));
        assertEquals(FileKind.SYMLINK, fs.kind(linkToDir));
        assertEquals(FileKind.SYMLINK, fs.kind(dangling));
        assertEquals(FileKind.ABSENT, fs.kind(dir.resolve("absent")));
    }

    @Test
    void readFileGivesTheContentOrNothing() throws IOException {
        Files.write(dir.resolve("file"), bytes("7\n"));
        assertArrayEquals(bytes("7\n"), fs.readFile(dir.resolve("file")).orElseThrow());
        assertTrue(fs.readFile(dir.resolve("absent")).isEmpty());
    }

    @Test
    void symlinksAreCreatedAndReadAsTheirTargetText() throws IOException {
        Path link = dir.resolve("fence");
        fs.createSymlink(link, "42");
        assertEquals(Optional.of("42"), fs.readSymlink(link));
        assertEquals(Optional.empty(), fs.readSymlink(dir.resolve("absent")));
        Path file = Files.createFile(dir.resolve("file"));
        assertThrows(NotLinkException.class, () -> fs.readSymlink(file));
    }

    @Test
    void createCallsRefuseAnythingAlreadyThere() throws IOException {
        Path taken = Files.createFile(dir.resolve("taken"));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createFile(taken));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createDirectory(taken));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createSymlink(taken, "1"));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createEntry(taken));
        fs.createDirectory(dir.resolve("new"));
        assertTrue(Files.isDirectory(dir.resolve("new")));
        fs.createFile(dir.resolve("new/file"));
        assertEquals(0, Files.size(dir.resolve("new/file")));
    }

    @Test
    void modifiedTimeIsTheLinksOwnNotItsTargets() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Instant old = Instant.parse("2001-01-01T00:00:00Z");
        Files.setLastModifiedTime(target, FileTime.from(old));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertEquals(Optional.of(old), fs.modifiedTime(target));
        assertTrue(fs.modifiedTime(link).orElseThrow().isAfter(old));
        assertEquals(Optional.empty(), fs.modifiedTime(dir.resolve("absent")));
    }

    @Test
    void creatingAndWritingFilesLeavesNoDescriptorOpen() throws IOException {
        Path file = dir.resolve("file");
        fs.createFile(file);
        assertEquals(0, OtherProcessLock.descriptorsOf(file), "createFile kept its descriptor");
        fs.writeFile(file, bytes("1\n"), true);
        assertEquals(0, OtherProcessLock.descriptorsOf(file), "writeFile kept its descriptor");
        Path lock = Files.createDirectory(dir.resolve("lock"));
        Files.createFile(lock.resolve("owner"));
        fs.createFileBeside(lock, "owner", "co-owner");
        assertEquals(0, OtherProcessLock.descriptorsOf(lock.resolve("co-owner")), "createFileBeside kept its descriptor");
    }

    @Test
    void createFileBesideLandsInTheDirectoryHoldingTheMemberOrNowhere() throws IOException {
        Path lock = Files.createDirectory(dir.resolve("lock"));
        Files.createFile(lock.resolve("owner"));
        fs.createFileBeside(lock, "owner", "co-owner");
        assertTrue(Files.isRegularFile(lock.resolve("co-owner")));
        assertThrows(FileAlreadyExistsException.class, () -> fs.createFileBeside(lock, "owner", "co-owner"));

        assertThrows(NoSuchFileException.class, () -> fs.createFileBeside(lock, "gone", "late"));
        assertFalse(Files.exists(lock.resolve("late")), "no member, no file");
    }

    @Test
    void anOpenEntryIsStickyLockedByUsAndReadThroughItsOwnDescriptor() throws IOException {
        Path file = dir.resolve("owner.entry");
        try (EntryFile entry = fs.createEntry(file)) {
            assertTrue(fs.ownership(file).orElseThrow().isSticky(), "systemd-tmpfiles skips sticky files");
            assertTrue(entry.lock());
            assertTrue(entry.lock(), "locking again through the same descriptor is no error");
            entry.write(bytes("pid 1\n"));
            assertEquals(EntryLockState.HELD, fs.entryLock(file), "ours: this process is alive");
            assertArrayEquals(bytes("pid 1\n"), fs.readFile(file).orElseThrow());
            entry.write(bytes("p"));
            assertArrayEquals(bytes("pid 1\n"), fs.readFile(file).orElseThrow(), "written from the start");
        }
        assertEquals(EntryLockState.FREE, fs.entryLock(file), "closed: its lock went with it");
        assertEquals(EntryLockState.UNKNOWN, fs.entryLock(dir.resolve("absent")));
    }

    @Test
    void readingOurOwnEntryKeepsItsKernelLock() throws Exception {
        Path file = dir.resolve("owner.entry");
        try (EntryFile entry = fs.createEntry(file)) {
            assertTrue(entry.lock());
            entry.write(bytes("pid 1\n"));
            // A second descriptor of the file, once closed, would drop this process's POSIX lock.
            assertArrayEquals(bytes("pid 1\n"), fs.readFile(file).orElseThrow());
            assertEquals(0, OtherProcessLock.tryShared(file), "another process must still find the entry locked");
        }
        assertEquals(1, OtherProcessLock.tryShared(file), "closed: free for others");
    }

    @Test
    void anInterruptedLockIsAnErrorNotAFilesystemWithoutLocks() throws IOException {
        Path file = dir.resolve("owner.entry");
        try (EntryFile entry = fs.createEntry(file)) {
            Thread.currentThread().interrupt();
            try {
                // FileLockInterruptionException, and the channel is closed: not "no locks on this filesystem"
                assertThrows(IOException.class, entry::lock);
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void anEntryLockedByAnotherProcessIsHeld() throws Exception {
        Path file = Files.createFile(dir.resolve("their.entry"));
        Path ready = dir.resolve("ready");
        // python's fcntl.lockf is fcntl(F_SETLKW): the POSIX lock the JDK's FileChannel.lock takes.
        String script = "import fcntl,os,sys,time\n"
                + "f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                + "open(sys.argv[2],'w').close()\n"
                + "sys.stdin.read()\n";
        Process holder;
        try {
            holder = new ProcessBuilder(python(), "-c", script, file.toString(), ready.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is needed to hold a POSIX lock from another process: " + e);
            return;
        }
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(ready)) {
                assertTrue(holder.isAlive(), "the lock holder exited early");
                assertTrue(System.nanoTime() < deadline, "the lock holder never took its lock");
                Thread.sleep(10);
            }
            assertEquals(EntryLockState.HELD, fs.entryLock(file));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertEquals(EntryLockState.FREE, fs.entryLock(file), "its exit dropped the lock");
    }

    @Test
    void setPermissionsSetsExactlyTheBitsAndKeepsAnEntrysStickyBit() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        fs.setPermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals("640", fs.ownership(file).orElseThrow().octal());
        fs.setPermissions(file, PosixFilePermissions.fromString("--x-w-r-x"));
        assertEquals("125", fs.ownership(file).orElseThrow().octal());

        Path entry = dir.resolve("entry");
        try (EntryFile ignored = fs.createEntry(entry)) {
            fs.setPermissions(entry, PosixFilePermissions.fromString("rw-rw-rw-"));
            FileOps.Ownership o = fs.ownership(entry).orElseThrow();
            assertEquals("1666", o.octal());
            assertTrue(o.isSticky());
        }
        assertFalse(fs.ownership(file).orElseThrow().isSticky());
    }

    @Test
    void ownershipIsWhoCreatedTheFileAndNothingForAnAbsentOne() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        FileOps.Ownership o = fs.ownership(file).orElseThrow();
        assertEquals(fs.accessUid().orElseThrow(), o.uid(), "a new file belongs to the fsuid");
        assertEquals(Optional.empty(), fs.ownership(dir.resolve("absent")));
    }

    @Test
    void anOwnerWithoutANameHasNoNameInMessages() throws IOException {
        assumeTrue(fs.accessUid().orElse(-1) == 0, "needs root to give a file to a uid without a name");
        Path file = Files.createFile(dir.resolve("file"));
        assertEquals(Optional.of("root"), fs.ownerName(file));
        Files.setAttribute(file, "unix:uid", 54321);
        assertEquals(Optional.empty(), fs.ownerName(file), "an unnamed uid is shown as a number elsewhere");
        assertEquals(Optional.empty(), fs.ownerName(dir.resolve("absent")));
    }

    @Test
    void realPathResolvesLinksAndFileSystemTypeNamesTheFileSystem() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
        assertEquals(sub.toRealPath(), fs.realPath(link));
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        assertEquals("proc", fs.fileSystemType(Path.of("/proc")));
    }

    @Test
    void syncDirectoryNeedsTheDirectory() throws IOException {
        fs.syncDirectory(dir);
        assertThrows(NoSuchFileException.class, () -> fs.syncDirectory(dir.resolve("absent")));
    }

    /** The system's python3 if there is one (a version manager's shim takes seconds to start). */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
