package dev.fslock.fs;

import dev.fslock.internal.Ascii;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** {@link FileOps} on the real filesystem through {@code java.nio.file}. */
public final class NioFileOps implements FileOps {
    private static final NioFileOps INSTANCE = new NioFileOps();

    private NioFileOps() {}

    public static NioFileOps instance() {
        return INSTANCE;
    }

    /**
     * {@code e} (EACCES) with the name of the system call that was refused as its reason ("mkdir",
     * "unlink"...), which the messages use to say what was refused and why; as it is if it has a
     * reason already (a call inside another names itself). Each operation below catches it around
     * its calls: a try block, not a lambda, because every lambda costs fslock's start-up its
     * linkage (docs/cli.md, "Start-up").
     */
    private static AccessDeniedException named(AccessDeniedException e, String call) {
        if (e.getReason() != null) {
            return e;
        }
        AccessDeniedException named = new AccessDeniedException(e.getFile(), e.getOtherFile(), call);
        named.initCause(e);
        return named;
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (AccessDeniedException e) {
            throw named(e, "mkdir");
        }
    }

    @Override
    public void createFile(Path file) throws IOException {
        try {
            Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (AccessDeniedException e) {
            throw named(e, "open(O_CREAT|O_EXCL)");
        }
    }

    @Override
    public EntryFile createEntry(Path file) throws IOException {
        try {
            return NioEntryFile.create(file);
        } catch (AccessDeniedException e) {
            throw named(e, "open(O_CREAT|O_EXCL)");
        }
    }

    @Override
    public EntryLockState entryLock(Path file) {
        return NioEntryFile.probe(file);
    }

    @Override
    public void createFileBeside(Path dir, String member, String name) throws IOException {
        try {
            createFileBesideUnnamed(dir, member, name);
        } catch (AccessDeniedException e) {
            throw named(e, "openat(O_CREAT|O_EXCL)");
        }
    }

    private void createFileBesideUnnamed(Path dir, String member, String name) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                // fstatat and openat through one descriptor: a directory that is removed or
                // replaced after we opened it refuses new files (ENOENT), so the file lands in
                // the directory that held `member`, or nowhere.
                secure.getFileAttributeView(Path.of(member), java.nio.file.attribute.BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                secure.newByteChannel(Path.of(name), java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)).close();
                return;
            }
        }
        // No openat here (not Linux): check, then create by path. The directory could be replaced
        // in between only after a break by force of this live holder.
        if (kind(dir.resolve(member)) != FileKind.FILE) {
            throw new NoSuchFileException(dir.resolve(member).toString());
        }
        createFile(dir.resolve(name));
    }

    @Override
    public void writeFile(Path file, byte[] content, boolean durable) throws IOException {
        try {
            // No O_TRUNC: the protocol writes only files it has just created empty, and on ext4 a
            // truncating open of a file makes its close flush the data to disk (auto_da_alloc's
            // "replace by truncate" heuristic): about 0.2 ms per acquisition for nothing. A longer
            // file is cut after the write instead, so the content is the same either way.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (channel.size() > content.length) {
                    channel.truncate(content.length);
                }
                if (durable) {
                    channel.force(true);
                }
            }
        } catch (AccessDeniedException e) {
            throw named(e, "open for writing");
        }
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        try {
            Files.createSymbolicLink(link, Path.of(target));
        } catch (AccessDeniedException e) {
            throw named(e, "symlink");
        }
    }

    @Override
    public Optional<String> readSymlink(Path link) throws IOException {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw named(e, "readlink");
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            }
        } catch (AccessDeniedException e) {
            throw named(e, "fsync");
        }
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileSystemException e) {
                if (e instanceof NoSuchFileException || !RenameRefusals.isRefusal(e)) {
                    throw e; // EACCES too, named below
                }
                return false;
            }
        } catch (AccessDeniedException e) {
            throw named(e, "rename");
        }
    }

    @Override
    public boolean deleteFile(Path file) throws IOException {
        try {
            // Files.delete would rmdir a directory found here; an entry is always a file or link.
            FileKind kind = kind(file);
            if (kind == FileKind.DIRECTORY) {
                throw new FileSystemException(file.toString(), null, "is a directory, expected a lock entry file");
            }
            try {
                return Files.deleteIfExists(file);
            } catch (FileSystemException e) {
                // On a read-only filesystem unlink fails with EROFS even when nothing is there: an
                // abandoned acquisition that never created its entry must not report a failed cleanup.
                if (kind(file) == FileKind.ABSENT) {
                    return false;
                }
                throw e;
            }
        } catch (AccessDeniedException e) {
            throw named(e, "unlink");
        }
    }

    @Override
    public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
        try {
            try {
                return rmdir(dir);
            } catch (FileSystemException e) {
                if (kind(dir) == FileKind.ABSENT) { // EROFS for a directory that is not there: see deleteFile
                    return RmdirResult.ABSENT;
                }
                throw e; // EACCES too, named below
            }
        } catch (AccessDeniedException e) {
            throw named(e, "rmdir");
        }
    }

    private RmdirResult rmdir(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        // unlinkat(AT_REMOVEDIR) through the parent: a true rmdir, which never removes a file.
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                secure.deleteDirectory(dir.getFileName());
                return RmdirResult.REMOVED;
            }
        } catch (DirectoryNotEmptyException e) {
            return RmdirResult.NOT_EMPTY;
        } catch (NoSuchFileException e) {
            return RmdirResult.ABSENT;
        }
        return deleteEmptyDirectoryPortably(dir);
    }

    private RmdirResult deleteEmptyDirectoryPortably(Path dir) throws IOException {
        FileKind kind = kind(dir);
        if (kind == FileKind.ABSENT) {
            return RmdirResult.ABSENT;
        }
        if (kind != FileKind.DIRECTORY) {
            throw new NotDirectoryException(dir.toString());
        }
        try {
            Files.delete(dir);
            return RmdirResult.REMOVED;
        } catch (DirectoryNotEmptyException e) {
            return RmdirResult.NOT_EMPTY;
        } catch (NoSuchFileException e) {
            return RmdirResult.ABSENT;
        }
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        try {
            FileKind kind = kind(dir);
            if (kind == FileKind.ABSENT) {
                return List.of();
            }
            if (kind != FileKind.DIRECTORY) {
                throw new NotDirectoryException(dir.toString());
            }
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    names.add(p.getFileName().toString());
                }
            } catch (NoSuchFileException e) {
                return List.of();
            }
            return names;
        } catch (AccessDeniedException e) {
            throw named(e, "readdir");
        }
    }

    @Override
    public Optional<byte[]> readFile(Path file) throws IOException {
        Optional<NioEntryFile> ours = NioEntryFile.open(file.getFileName().toString());
        if (ours.isPresent()) {
            return Optional.of(ours.get().read()); // a second descriptor would drop its lock
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw named(e, "read");
        }
    }

    @Override
    public FileKind kind(Path path) throws IOException {
        try {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return FileKind.ABSENT;
            }
            if (attrs.isSymbolicLink()) {
                return FileKind.SYMLINK;
            }
            if (attrs.isDirectory()) {
                return FileKind.DIRECTORY;
            }
            return attrs.isRegularFile() ? FileKind.FILE : FileKind.OTHER;
        } catch (AccessDeniedException e) {
            throw named(e, "lstat");
        }
    }

    @Override
    public Optional<Instant> modifiedTime(Path path) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw named(e, "lstat");
        }
    }

    @Override
    public Path realPath(Path dir) throws IOException {
        try {
            return dir.toRealPath();
        } catch (AccessDeniedException e) {
            throw named(e, "realpath");
        }
    }

    @Override
    public String fileSystemType(Path path) throws IOException {
        try {
            return Files.getFileStore(path).type();
        } catch (AccessDeniedException e) {
            throw named(e, "statfs");
        }
    }

    private static final int STICKY = 01000;

    private static int modeBits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal()); // OWNER_READ (ordinal 0) is 0400 ... OTHERS_EXECUTE (8) is 0001
        }
        return bits;
    }

    @Override
    public void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            // NOFOLLOW: fchmod of the object opened with O_NOFOLLOW. Where others may write the
            // directory, a plain chmod could be redirected through a symbolic link put in our file's place.
            // The sticky bit of an owner entry (systemd-tmpfiles skips such files) is kept.
            int old = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:mode", modeBits(permissions) | (old & STICKY), LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw named(e, "chmod");
        }
    }

    @Override
    public Optional<String> ownerName(Path path) {
        try {
            String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            return name.chars().allMatch(Character::isDigit) ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public OptionalInt accessUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = Ascii.splitAtWhitespace(line.substring(4).trim()); // real, effective, saved, filesystem
                    return OptionalInt.of(Integer.parseInt(ids[ids.length - 1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: unknown
        }
        return OptionalInt.empty();
    }

    @Override
    public Optional<Ownership> ownership(Path path) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Ownership((Integer) unix.get("uid"), (Integer) unix.get("gid"),
                    (Integer) unix.get("mode")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty(); // no "unix" attribute view (not Linux or macOS)
        } catch (AccessDeniedException e) {
            throw named(e, "lstat");
        }
    }
}
