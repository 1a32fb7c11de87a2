package dev.fslock.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The filesystem calls the lock protocol makes. Each method is one call of the TLA+ spec
 * (spec/FsLock.tla) or a read-only query.
 *
 * <p>Implementations: {@link NioFileOps} on the real filesystem; an in-memory one in the tests,
 * where every call is a scheduling point of the deterministic simulation. Errors are the standard
 * {@code java.nio.file} exception subtypes ({@code NoSuchFileException}, {@code AccessDeniedException},
 * {@code FileSystemException} for read-only or full filesystems).
 */
public interface FileOps {

    /** {@code mkdir(2)}. Fails with {@code FileAlreadyExistsException} if anything is at {@code dir}. */
    void createDirectory(Path dir) throws IOException;

    /** {@code open(O_CREAT|O_EXCL)} and close: fails with {@code FileAlreadyExistsException} if anything is there. */
    void createFile(Path file) throws IOException;

    /**
     * {@code open(O_CREAT|O_EXCL|O_RDWR)}, kept open: an owner entry of this process (spec
     * CreateEntry). The file gets the sticky bit, which age-based cleaners (systemd-tmpfiles)
     * take as "never remove", so that an entry held for weeks under /tmp is not deleted under its
     * holder. Fails with {@code FileAlreadyExistsException} if anything is there.
     */
    EntryFile createEntry(Path file) throws IOException;

    /**
     * Whether a process holds the kernel lock of the owner entry at {@code file} (the veto of
     * spec ProbeAnswers): tries a shared lock on it, without ever disturbing the holder.
     */
    EntryLockState entryLock(Path file) throws IOException;

    /**
     * Creates the empty file {@code name} ({@code O_CREAT|O_EXCL}) in the directory that holds
     * {@code member} now, through one descriptor of that directory ({@code openat}): so the file
     * is created in that directory or nowhere, even if the directory at {@code dir} is removed or
     * replaced meanwhile (spec AddCoOwner).
     *
     * @throws java.nio.file.NoSuchFileException if {@code dir} holds no {@code member}, or that
     *     directory was removed or replaced before the file was created
     */
    void createFileBeside(Path dir, String member, String name) throws IOException;

    /**
     * Opens an existing file for writing (never creating it), writes all of {@code content} from
     * the start, and closes it.
     *
     * @param durable also {@code fsync} the file before closing
     */
    void writeFile(Path file, byte[] content, boolean durable) throws IOException;

    /**
     * {@code symlink(2)}: a symbolic link at {@code link} whose target is {@code target}, created
     * with its target in one call. Fails with {@code FileAlreadyExistsException} if anything is there.
     */
    void createSymlink(Path link, String target) throws IOException;

    /**
     * {@code readlink(2)}. @return the link's target; empty if nothing is at {@code link}
     * @throws java.nio.file.NotLinkException if something other than a symbolic link is there
     */
    Optional<String> readSymlink(Path link) throws IOException;

    /** {@code fsync} of a directory, so that renames in it survive a power failure. */
    void syncDirectory(Path dir) throws IOException;

    /**
     * {@code rename(2)}: atomic. A directory replaces an absent path or an empty directory; a file
     * replaces an absent path or a file.
     *
     * @return false if {@code to} is occupied by something rename may not replace (a non-empty
     *     directory; a file or symbolic link where a directory goes; a directory where a file goes)
     */
    boolean rename(Path from, Path to) throws IOException;

    /** {@code unlink(2)} of a file or symbolic link. @return false if nothing was there */
    boolean deleteFile(Path file) throws IOException;

    /** {@code rmdir(2)}: removes {@code dir} only if it is an empty directory. */
    RmdirResult deleteEmptyDirectory(Path dir) throws IOException;

    /**
     * {@code readdir(3)} of a directory, without following a symbolic link at {@code dir}.
     *
     * @return the names in it; empty if {@code dir} is absent
     * @throws java.nio.file.NotDirectoryException if {@code dir} is a file, link or other object
     */
    List<String> list(Path dir) throws IOException;

    /** Reads a small file whole. @return empty if the file is absent */
    Optional<byte[]> readFile(Path file) throws IOException;

    /** {@code lstat(2)}: what is at {@code path}, not following symbolic links. */
    FileKind kind(Path path) throws IOException;

    /** Last modification time, not following symbolic links. @return empty if absent */
    Optional<Instant> modifiedTime(Path path) throws IOException;

    /** The directory's canonical path (symbolic links resolved), so that one lock has one name. */
    default Path realPath(Path dir) throws IOException {
        return dir.toAbsolutePath().normalize();
    }

    /** The type of the filesystem holding {@code path} (as {@code FileStore.type()}: "ext4", "nfs4"...). */
    String fileSystemType(Path path) throws IOException;

    /**
     * {@code chmod} of a file or directory this process just created, never through a symbolic
     * link: used only with {@code FsLockOptions.withPermissions}, so that the umask cannot keep
     * other users from removing a dead owner's entry.
     */
    default void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        throw new UnsupportedOperationException("setting permissions is not supported by " + getClass().getName());
    }

    /**
     * Owner and mode of what is at {@code path}, not following symbolic links: for explaining a
     * refusal (whose file it is, whether its directory is sticky). Empty if nothing is there, or if
     * this filesystem cannot tell.
     */
    default Optional<Ownership> ownership(Path path) throws IOException {
        return Optional.empty();
    }

    /**
     * The user id this process's file accesses are checked as (Linux: the fsuid in
     * /proc/self/status). Empty if unknown here.
     */
    default OptionalInt accessUid() {
        return OptionalInt.empty();
    }

    /**
     * The user name of the owner of what is at {@code path}, for messages only (it may ask the
     * system's user database). Empty if unknown, or if the owner has no name.
     */
    default Optional<String> ownerName(Path path) {
        return Optional.empty();
    }

    /**
     * Who owns a file and its mode bits.
     *
     * @param uid   the owner's user id
     * @param gid   the group id
     * @param mode  the permission bits with setuid, setgid and sticky ({@code 01777} for /tmp)
     */
    record Ownership(int uid, int gid, int mode) {

        /** The sticky bit: in such a directory only an entry's owner may rename or remove it. */
        public boolean isSticky() {
            return (mode & 01000) != 0;
        }

        /** {@code 1777}, {@code 755}: the mode as chmod(1) takes it. */
        public String octal() {
            return Integer.toOctalString(mode & 07777);
        }
    }
}
