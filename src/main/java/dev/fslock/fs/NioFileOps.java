package dev.fslock.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link FileOps} on the real filesystem through {@code java.nio.file}. */
public final class NioFileOps implements FileOps {
    private static final NioFileOps INSTANCE = new NioFileOps();

    private NioFileOps() {}

    public static NioFileOps instance() {
        return INSTANCE;
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void createFile(Path file) throws IOException {
        Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    }

    @Override
    public EntryFile createEntry(Path file) throws IOException {
        return NioEntryFile.create(file);
    }

    @Override
    public EntryLockState entryLock(Path file) {
        return NioEntryFile.probe(file);
    }

    @Override
    public void createFileBeside(Path dir, String member, String name) throws IOException {
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
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        Files.createSymbolicLink(link, Path.of(target));
    }

    @Override
    public Optional<String> readSymlink(Path link) throws IOException {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException || !RenameRefusals.isRefusal(e)) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public boolean deleteFile(Path file) throws IOException {
        // Files.delete would rmdir a directory found here; an entry is always a file or link.
        if (kind(file) == FileKind.DIRECTORY) {
            throw new FileSystemException(file.toString(), null, "is a directory, expected a lock entry file");
        }
        return Files.deleteIfExists(file);
    }

    @Override
    public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
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
        }
    }

    @Override
    public FileKind kind(Path path) throws IOException {
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
    }

    @Override
    public Optional<Instant> modifiedTime(Path path) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path realPath(Path dir) throws IOException {
        return dir.toRealPath();
    }

    @Override
    public String fileSystemType(Path path) throws IOException {
        return Files.getFileStore(path).type();
    }
}
