package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything but creation passes through unchanged: the call reaches the filesystem underneath
 * with the same arguments, and its answer comes back as it was (the protocol reads rename's refusal,
 * unlink's "absent", rmdir's outcome and the owners of files through this wrapper when a lock is
 * shared between users). And when the removal after a failed chmod fails too, both errors are told.
 */
class PermissionedFileOpsDelegationTest {
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-rw----");
    private static final Path A = Path.of("/locks/a");
    private static final Path B = Path.of("/locks/b");

    /** What the filesystem underneath was asked, one line per call: method and arguments. */
    private final List<String> calls = new ArrayList<>();

    /** A filesystem that records each call and answers with {@code answers.get(method)}, or throws it. */
    private FileOps recording(Map<String, Function<Object[], Object>> answers) {
        return (FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(), new Class<?>[] {FileOps.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "[]" : Arrays.deepToString(Stream.of(args)
                            .map(a -> a instanceof Set<?> set ? new TreeSet<>(set) : a).toArray()))); // sets in a fixed order
                    Function<Object[], Object> answer = answers.get(method.getName());
                    Object result = answer == null ? null : answer.apply(args);
                    if (result instanceof Throwable t) {
                        throw t;
                    }
                    return result;
                });
    }

    @Test
    void queriesReturnWhatTheFilesystemUnderneathAnswered() throws IOException {
        Optional<String> target = Optional.of("123");
        Optional<byte[]> content = Optional.of(new byte[] {1, 2});
        Optional<Instant> time = Optional.of(Instant.ofEpochSecond(1_700_000_000));
        Optional<FileOps.Ownership> owner = Optional.of(new FileOps.Ownership(1001, 1002, 01660));
        Path real = Path.of("/real/locks");
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of(
                "entryLock", a -> EntryLockState.FREE,
                "readSymlink", a -> target,
                "deleteEmptyDirectory", a -> RmdirResult.NOT_EMPTY,
                "list", a -> List.of("x", "y"),
                "readFile", a -> content,
                "kind", a -> FileKind.DIRECTORY,
                "modifiedTime", a -> time,
                "realPath", a -> real,
                "fileSystemType", a -> "ext4",
                "ownership", a -> owner)), MODE);
        assertEquals(EntryLockState.FREE, fs.entryLock(A));
        assertSame(target, fs.readSymlink(A));
        assertEquals(RmdirResult.NOT_EMPTY, fs.deleteEmptyDirectory(A));
        assertEquals(List.of("x", "y"), fs.list(A));
        assertArrayEquals(new byte[] {1, 2}, fs.readFile(A).orElseThrow());
        assertEquals(FileKind.DIRECTORY, fs.kind(A));
        assertEquals(time, fs.modifiedTime(A));
        assertEquals(real, fs.realPath(A));
        assertEquals("ext4", fs.fileSystemType(A));
        assertEquals(owner, fs.ownership(A));
        assertEquals(List.of("entryLock[/locks/a]", "readSymlink[/locks/a]", "deleteEmptyDirectory[/locks/a]",
                "list[/locks/a]", "readFile[/locks/a]", "kind[/locks/a]", "modifiedTime[/locks/a]", "realPath[/locks/a]",
                "fileSystemType[/locks/a]", "ownership[/locks/a]"), calls);
    }

    @Test
    void theOwnersNameAndTheCallersUidComeFromUnderneath() {
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of(
                "ownerName", a -> Optional.of("alice"),
                "accessUid", a -> OptionalInt.of(1001))), MODE);
        assertEquals(Optional.of("alice"), fs.ownerName(A));
        assertEquals(OptionalInt.of(1001), fs.accessUid());
        assertEquals(List.of("ownerName[/locks/a]", "accessUid[]"), calls);
    }

    @Test
    void renameAndUnlinkReportBothAnswers() throws IOException {
        boolean[] answer = {true};
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of(
                "rename", a -> answer[0],
                "deleteFile", a -> answer[0])), MODE);
        assertTrue(fs.rename(A, B));
        assertTrue(fs.deleteFile(A));
        answer[0] = false;
        assertFalse(fs.rename(A, B), "an occupied target is a refusal, passed on");
        assertFalse(fs.deleteFile(A), "nothing to remove, passed on");
        assertEquals(List.of("rename[/locks/a, /locks/b]", "deleteFile[/locks/a]",
                "rename[/locks/a, /locks/b]", "deleteFile[/locks/a]"), calls);
    }

    @Test
    void writesLinksSyncsAndChmodsReachTheFilesystemAsAsked() throws IOException {
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of()), MODE);
        fs.writeFile(A, new byte[] {7}, true);
        fs.createSymlink(B, "42");
        fs.syncDirectory(A);
        fs.setPermissions(B, Set.of(PosixFilePermission.OWNER_READ));
        assertEquals(List.of("writeFile[/locks/a, [7], true]", "createSymlink[/locks/b, 42]", "syncDirectory[/locks/a]",
                "setPermissions[/locks/b, [OWNER_READ]]"), calls);
    }

    @Test
    void aNewEntryIsTheOneMadeUnderneathChmodded() throws IOException {
        EntryFile made = new NoEntryFile();
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of("createEntry", a -> made)), MODE);
        assertSame(made, fs.createEntry(A), "the caller must hold the descriptor that was made");
        assertEquals(List.of("createEntry[/locks/a]", "setPermissions[/locks/a, " + new TreeSet<>(MODE) + "]"), calls);
    }

    /** An entry that does nothing. */
    private static class NoEntryFile implements EntryFile {
        @Override
        public void write(byte[] content) {}

        @Override
        public boolean lock() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void aFailedRemovalAfterAFailedChmodIsToldWithTheChmodsError() {
        IOException chmod = new IOException("chmod refused");
        IOException unlink = new IOException("unlink refused");
        IOException rmdir = new IOException("rmdir refused");
        List<String> closed = new ArrayList<>();
        EntryFile entry = new NoEntryFile() {
            @Override
            public void close() {
                closed.add("closed");
            }
        };
        PermissionedFileOps fs = new PermissionedFileOps(recording(Map.of(
                "createEntry", a -> entry,
                "setPermissions", a -> chmod,
                "deleteFile", a -> unlink,
                "deleteEmptyDirectory", a -> rmdir)), MODE);
        assertSame(chmod, assertThrows(IOException.class, () -> fs.createDirectory(A)));
        assertSame(chmod, assertThrows(IOException.class, () -> fs.createFile(A)));
        assertSame(chmod, assertThrows(IOException.class, () -> fs.createEntry(A)));
        assertSame(chmod, assertThrows(IOException.class, () -> fs.createFileBeside(A, "owner", "co")));
        assertEquals(List.of(rmdir, unlink, unlink, unlink), Arrays.asList(chmod.getSuppressed()));
        assertEquals(List.of("closed"), closed, "the entry's descriptor (and kernel lock) is let go");
    }
}
