package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.LockNotShareableException;
import dev.fslock.fs.EntryFile;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What fslock decides and says when users share a lock (docs/protocol.md, "Several users, one
 * lock"), on a filesystem whose owners and modes the test sets: in a sticky directory a lock
 * another user's file blocks is refused at once, with the fix; a permission refusal is explained
 * with the call, the directory, its mode and owner, and this process's uid. The real thing with
 * real users is cli's SeveralUsersTest; here each rule is checked on its own.
 */
class SharingTest {
    private static final int ME = 1001;
    private static final int BOB = 1002;
    private final LockLayout layout = new LockLayout(Path.of("/shared/deploy"));
    private final Owners fs = new Owners();

    @Test
    void aForeignFenceInAStickyDirectoryIsRefusedBeforeAnythingIsCreated() {
        fs.own(layout.parent(), 0, 01777).own(layout.fence(), BOB, 0644).named(layout.fence(), "bob");
        LockNotShareableException e = assertThrows(LockNotShareableException.class,
                () -> Sharing.requireTakeable(layout, fs));
        assertTrue(e.getMessage().contains("cannot be taken by uid 1001"), e.getMessage());
        assertTrue(e.getMessage().contains("deploy.fence (the lock's fencing token) belongs to bob (uid 1002)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("sticky directory (mode 1777)"), e.getMessage());
        assertTrue(e.getMessage().contains(Sharing.SHARED_DIRECTORY), "the layout that works: " + e.getMessage());
        assertEquals(layout.lock().toString(), e.getFile());
    }

    @Test
    void anUnnamedOwnerIsShownByUid() {
        fs.own(layout.parent(), 0, 01777).own(layout.fence(), BOB, 0644);
        LockNotShareableException e = assertThrows(LockNotShareableException.class,
                () -> Sharing.requireTakeable(layout, fs));
        assertTrue(e.getMessage().contains("belongs to uid 1002"), e.getMessage());
    }

    @Test
    void aLockIsTakeableUnlessAStickyDirectoryHoldsAnotherUsersFence() throws IOException {
        fs.own(layout.fence(), BOB, 0644);
        fs.own(layout.parent(), 0, 0777);
        Sharing.requireTakeable(layout, fs); // not sticky: a fence may be replaced by anyone who may write there
        fs.own(layout.parent(), ME, 01777);
        Sharing.requireTakeable(layout, fs); // the directory's owner may replace anything in it
        fs.own(layout.parent(), BOB, 01777);
        fs.uid = 0;
        Sharing.requireTakeable(layout, fs); // root too
        fs.uid = -1;
        Sharing.requireTakeable(layout, fs); // this process's uid unknown: nothing to say
        fs.uid = ME;
        fs.own(layout.fence(), ME, 0644);
        Sharing.requireTakeable(layout, fs); // our own fence
        fs.owners.remove(layout.fence());
        Sharing.requireTakeable(layout, fs); // no fence yet
        fs.owners.remove(layout.parent());
        Sharing.requireTakeable(layout, fs); // modes unknown here
    }

    @Test
    void anEmptyLockDirectoryOfAnotherUserInAStickyDirectoryCanOnlyBeRemovedByThem() throws IOException {
        fs.own(layout.parent(), 0, 01777).own(layout.lock(), BOB, 0755).named(layout.lock(), "bob");
        LockNotShareableException e = Sharing.emptyAndUnreplaceable(layout, fs).orElseThrow();
        assertTrue(e.getMessage().contains("the empty lock directory deploy belongs to bob (uid 1002)"), e.getMessage());
        assertTrue(e.getMessage().contains("remove it as that user or root (rmdir /shared/deploy)"), e.getMessage());

        fs.own(layout.lock(), ME, 0755);
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "ours: we may replace it");
        fs.owners.remove(layout.lock());
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "gone meanwhile");
        fs.own(layout.lock(), BOB, 0755).own(layout.parent(), 0, 0777);
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "not sticky");
        fs.own(layout.parent(), BOB, 01777);
        fs.uid = BOB;
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "the directory's owner");
        fs.uid = 0;
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "root");
        fs.uid = -1;
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "uid unknown");
        fs.uid = ME;
        fs.owners.remove(layout.parent());
        assertEquals(Optional.empty(), Sharing.emptyAndUnreplaceable(layout, fs), "modes unknown");
    }

    @Test
    void aPermissionRefusalOfARenameOntoAnExistingLockMeansHeld() throws IOException {
        fs.kinds.put(layout.lock(), FileKind.DIRECTORY);
        assertTrue(Sharing.isOccupiedRefusal(new AccessDeniedException("t", "deploy", "rename"), layout, fs));
        assertTrue(Sharing.isOccupiedRefusal(eperm(), layout, fs));
        assertFalse(Sharing.isOccupiedRefusal(new FileSystemException("t", "deploy", "Read-only file system"), layout,
                fs), "an error, not a refusal");
        fs.kinds.remove(layout.lock());
        assertFalse(Sharing.isOccupiedRefusal(new AccessDeniedException("t", "deploy", "rename"), layout, fs),
                "nothing there to hold it: the refusal is about our own permissions");
    }

    @Test
    void epermInAStickyDirectoryIsExplainedWithTheOwnerOfTheFile() {
        Path fence = layout.fence();
        fs.own(layout.parent(), 0, 01777).own(fence, BOB, 0644).named(fence, "bob");
        FileSystemException eperm = new FileSystemException("/shared/.deploy.tmp", fence.toString(),
                "Operation not permitted");
        IOException explained = Sharing.explain(eperm, layout, fs);
        assertTrue(explained instanceof LockNotShareableException, explained.toString());
        assertTrue(explained.getMessage().contains("deploy.fence belongs to bob (uid 1002)"), explained.getMessage());
        assertSame(eperm, explained.getCause());

        FileSystemException onFile = new FileSystemException("/shared/gone", null, "Operation not permitted");
        assertTrue(Sharing.explain(onFile, layout, fs).getMessage().contains("gone belongs to another user"));
    }

    @Test
    void epermWhereThisUserMayReplaceEverythingStaysAsItIs() {
        FileSystemException eperm = eperm();
        fs.own(layout.parent(), 0, 0777);
        assertSame(eperm, Sharing.explain(eperm, layout, fs), "not sticky: EPERM has another cause");
        fs.own(layout.parent(), 0, 01777);
        fs.uid = 0;
        assertSame(eperm, Sharing.explain(eperm, layout, fs), "root");
        fs.uid = -1;
        assertSame(eperm, Sharing.explain(eperm, layout, fs), "uid unknown");
        fs.owners.remove(layout.parent());
        fs.uid = ME;
        assertSame(eperm, Sharing.explain(eperm, layout, fs), "modes unknown");
    }

    @Test
    void aRefusedCallInTheParentSaysWhichPermissionOnWhichDirectoryAndWhoseItIs() {
        fs.own(layout.parent(), BOB, 0755).named(layout.parent(), "bob");
        AccessDeniedException denied = new AccessDeniedException("/shared/.deploy.tmp", "/shared/deploy", "rename");
        IOException e = Sharing.explain(denied, layout, fs);
        assertTrue(e instanceof AccessDeniedException, e.toString());
        assertSame(denied, e.getCause());
        assertEquals("/shared/.deploy.tmp", ((AccessDeniedException) e).getFile());
        assertEquals("/shared/deploy", ((AccessDeniedException) e).getOtherFile());
        assertEquals("lock /shared/deploy: permission denied: rename /shared/.deploy.tmp -> /shared/deploy needs write"
                + " and search permission on /shared, which is mode 755, owner bob (uid 1002); this process runs as"
                + " uid 1001. fslock creates, renames and removes its files in /shared, so it needs write and search"
                + " permission there: run as a user who has it, or give the users of this lock a directory they may"
                + " write (made once with: " + Sharing.SHARED_DIRECTORY + ").", ((AccessDeniedException) e).getReason());
    }

    @Test
    void eachCallNeedsItsOwnPermission() {
        assertTrue(explain("readdir", "/shared").contains("readdir /shared needs read permission on /shared;"));
        assertTrue(explain("readdir", "/shared").contains("fslock lists /shared to find what crashed"));
        assertTrue(explain("read", "/shared/deploy.fence").contains("needs read permission on /shared;"));
        assertTrue(explain("lstat", "/shared/deploy").contains("needs search permission on /shared;"));
        assertTrue(explain("readlink", "/shared/deploy.fence").contains("needs search permission on /shared;"));
        assertTrue(explain("realpath", "/shared/deploy").contains("needs search permission on /shared;"));
        assertTrue(explain("unlink", "/shared/deploy/o1_x").contains("needs write and search permission on"
                + " /shared/deploy;"));
        assertTrue(explain("mkdir", "/").contains("needs write and search permission on /;"));
    }

    @Test
    void aLockDirectoryMadeWithoutPermissionsForOthersTellsHowToRecover() {
        fs.own(layout.lock(), BOB, 0755).named(layout.lock(), "bob");
        String message = explain("unlink", "/shared/deploy/o1_x");
        assertTrue(message.contains("The lock directory was made by another user"), message);
        assertTrue(message.contains("run: fslock break /shared/deploy as bob (uid 1002) or root."), message);
        fs.owners.remove(layout.lock());
        assertTrue(explain("unlink", "/shared/deploy/o1_x").contains("as its owner or root."));
    }

    @Test
    void elsewhereTheFixIsThatPermission() {
        String message = explain("mkdir", "/elsewhere/deploy");
        assertTrue(message.endsWith("Give this user that permission, or use another lock path."), message);
        assertFalse(message.contains("which is mode"), "no owner known: " + message);
        fs.uid = -1;
        assertFalse(explain("mkdir", "/elsewhere/deploy").contains("runs as uid"));
    }

    @Test
    void otherErrorsAndUnnamedRefusalsComeBackUnchanged() {
        IOException other = new NoSuchFileException("/shared/deploy");
        assertSame(other, Sharing.explain(other, layout, fs));
        AccessDeniedException unnamed = new AccessDeniedException("/shared/deploy");
        assertSame(unnamed, Sharing.explain(unnamed, layout, fs));
        AccessDeniedException noFile = new AccessDeniedException(null, null, "rename");
        assertSame(noFile, Sharing.explain(noFile, layout, fs));
    }

    @Test
    void aFailureWhileExplainingKeepsTheOriginalErrorWithTheFailureSuppressed() {
        fs.broken = true;
        AccessDeniedException denied = new AccessDeniedException("/shared/x", null, "mkdir");
        assertSame(denied, Sharing.explain(denied, layout, fs));
        assertEquals(1, denied.getSuppressed().length);
        FileSystemException eperm = eperm();
        assertSame(eperm, Sharing.explain(eperm, layout, fs));
        assertEquals(1, eperm.getSuppressed().length);
    }

    private String explain(String call, String file) {
        return ((AccessDeniedException) Sharing.explain(new AccessDeniedException(file, null, call), layout, fs))
                .getReason();
    }

    private static FileSystemException eperm() {
        return new FileSystemException("/shared/.deploy.tmp", "/shared/deploy", "Operation not permitted");
    }

    /** Owners, modes and names set by the test; this process runs as {@link #uid} (-1: unknown). */
    private static final class Owners implements FileOps {
        final Map<Path, Ownership> owners = new HashMap<>();
        final Map<Path, String> names = new HashMap<>();
        final Map<Path, FileKind> kinds = new HashMap<>();
        int uid = ME;
        boolean broken;

        Owners own(Path path, int owner, int mode) {
            owners.put(path, new Ownership(owner, owner, mode));
            return this;
        }

        Owners named(Path path, String name) {
            names.put(path, name);
            return this;
        }

        @Override
        public Optional<Ownership> ownership(Path path) throws IOException {
            if (broken) {
                throw new IOException("lstat failed");
            }
            return Optional.ofNullable(owners.get(path));
        }

        @Override
        public Optional<String> ownerName(Path path) {
            return Optional.ofNullable(names.get(path));
        }

        @Override
        public OptionalInt accessUid() {
            return uid < 0 ? OptionalInt.empty() : OptionalInt.of(uid);
        }

        @Override
        public FileKind kind(Path path) {
            return kinds.getOrDefault(path, FileKind.ABSENT);
        }

        @Override
        public void createDirectory(Path dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createFile(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EntryFile createEntry(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EntryLockState entryLock(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createFileBeside(Path dir, String member, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeFile(Path file, byte[] content, boolean durable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createSymlink(Path link, String target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> readSymlink(Path link) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void syncDirectory(Path dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean rename(Path from, Path to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteFile(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RmdirResult deleteEmptyDirectory(Path dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(Path dir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> readFile(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Instant> modifiedTime(Path path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String fileSystemType(Path path) {
            throw new UnsupportedOperationException();
        }
    }
}
