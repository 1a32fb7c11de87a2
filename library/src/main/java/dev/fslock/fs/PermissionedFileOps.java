package dev.fslock.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Gives what the protocol creates the permissions the caller chose, whatever the umask: a chmod
 * right after each mkdir and each O_EXCL create (Java cannot pass a mode past the umask). A file
 * gets {@code filePermissions}; a directory gets them plus search (x) wherever they grant read.
 * Symbolic links (the fence) have no permissions of their own.
 *
 * <p>Create and chmod are one step for the protocol: if the chmod fails, what was just created is
 * removed again and the error thrown, as if the create had failed. Used only when the option is
 * set, so the default path makes exactly the system calls it made before.
 */
public final class PermissionedFileOps implements FileOps {
    private final FileOps fs;
    private final Set<PosixFilePermission> filePermissions;
    private final Set<PosixFilePermission> directoryPermissions;

    public PermissionedFileOps(FileOps fs, Set<PosixFilePermission> filePermissions) {
        this.fs = fs;
        this.filePermissions = Set.copyOf(filePermissions);
        this.directoryPermissions = directoryPermissions(filePermissions);
    }

    /** {@code rw-rw----} becomes {@code rwxrwx---}: whoever may read a directory may also search it. */
    public static Set<PosixFilePermission> directoryPermissions(Set<PosixFilePermission> filePermissions) {
        Set<PosixFilePermission> dir = filePermissions.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class)
                : EnumSet.copyOf(filePermissions);
        if (dir.contains(PosixFilePermission.OWNER_READ)) {
            dir.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (dir.contains(PosixFilePermission.GROUP_READ)) {
            dir.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (dir.contains(PosixFilePermission.OTHERS_READ)) {
            dir.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return Set.copyOf(dir);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        fs.createDirectory(dir);
        try {
            fs.setPermissions(dir, directoryPermissions);
        } catch (IOException | RuntimeException e) {
            try {
                fs.deleteEmptyDirectory(dir);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void createFile(Path file) throws IOException {
        fs.createFile(file);
        try {
            fs.setPermissions(file, filePermissions);
        } catch (IOException | RuntimeException e) {
            try {
                fs.deleteFile(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public EntryFile createEntry(Path file) throws IOException {
        EntryFile entry = fs.createEntry(file);
        try {
            fs.setPermissions(file, filePermissions); // keeps the entry's sticky bit
        } catch (IOException | RuntimeException e) {
            try {
                entry.close();
                fs.deleteFile(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return entry;
    }

    @Override
    public EntryLockState entryLock(Path file) throws IOException {
        return fs.entryLock(file);
    }

    @Override
    public void createFileBeside(Path dir, String member, String name) throws IOException {
        fs.createFileBeside(dir, member, name);
        Path file = dir.resolve(name);
        try {
            fs.setPermissions(file, filePermissions);
        } catch (IOException | RuntimeException e) {
            try {
                fs.deleteFile(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void writeFile(Path file, byte[] content, boolean durable) throws IOException {
        fs.writeFile(file, content, durable);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        fs.createSymlink(link, target);
    }

    @Override
    public Optional<String> readSymlink(Path link) throws IOException {
        return fs.readSymlink(link);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        fs.syncDirectory(dir);
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
        return fs.rename(from, to);
    }

    @Override
    public boolean deleteFile(Path file) throws IOException {
        return fs.deleteFile(file);
    }

    @Override
    public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
        return fs.deleteEmptyDirectory(dir);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        return fs.list(dir);
    }

    @Override
    public Optional<byte[]> readFile(Path file) throws IOException {
        return fs.readFile(file);
    }

    @Override
    public FileKind kind(Path path) throws IOException {
        return fs.kind(path);
    }

    @Override
    public Optional<Instant> modifiedTime(Path path) throws IOException {
        return fs.modifiedTime(path);
    }

    @Override
    public Path realPath(Path dir) throws IOException {
        return fs.realPath(dir);
    }

    @Override
    public String fileSystemType(Path path) throws IOException {
        return fs.fileSystemType(path);
    }

    @Override
    public void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        fs.setPermissions(path, permissions);
    }

    @Override
    public Optional<Ownership> ownership(Path path) throws IOException {
        return fs.ownership(path);
    }

    @Override
    public Optional<String> ownerName(Path path) {
        return fs.ownerName(path);
    }

    @Override
    public OptionalInt accessUid() {
        return fs.accessUid();
    }
}
