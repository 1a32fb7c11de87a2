package dev.fslock.testing;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory POSIX-like filesystem with the semantics the protocol relies on: atomic rename
 * (a directory replaces only an absent path or an empty directory), O_EXCL creation, rmdir of empty
 * directories only. Symbolic links are never followed. Every call is atomic (synchronized) and
 * first passes through a {@link Hook}: the deterministic simulation makes each call a scheduling
 * point there, fault-injection tests throw from it.
 */
public final class MemoryFileOps implements FileOps {

    /** Called before each filesystem call, outside the filesystem's lock. */
    @FunctionalInterface
    public interface Hook {
        Hook NONE = (op, path) -> {};

        void before(String op, Path path) throws IOException;
    }

    private enum Type { DIR, FILE, SYMLINK }

    private static final class Node {
        final Type type;
        byte[] content = new byte[0];
        long modified;
        MemoryEntryFile lockedBy; // an open entry holding this file's kernel lock, or null
        Set<PosixFilePermission> permissions; // null: as created (the umask's choice)

        Node(Type type, long modified) {
            this.type = type;
            this.modified = modified;
        }
    }

    private final Map<Path, Node> nodes = new TreeMap<>(); // absolute, normalized paths
    private final String fileSystemType;
    private volatile Hook hook = Hook.NONE;
    private final ThreadLocal<Boolean> bypass = ThreadLocal.withInitial(() -> false);
    private long clock; // logical modification times
    private volatile boolean entryLocks; // off: like a filesystem without POSIX locks (no veto)

    public MemoryFileOps() {
        this("memfs");
    }

    public MemoryFileOps(String fileSystemType) {
        this.fileSystemType = fileSystemType;
        nodes.put(Path.of("/"), new Node(Type.DIR, 0));
    }

    public void setHook(Hook hook) {
        this.hook = hook;
    }

    /**
     * Gives owner entries working kernel locks. Off by default, because a lock is dropped only when
     * its {@link EntryFile} is closed: a test that kills a simulated process must then close that
     * process's open entries, as the kernel would at exit (the simulation does).
     */
    public MemoryFileOps withEntryLocks() {
        this.entryLocks = true;
        return this;
    }

    /** Runs {@code body} with the hook switched off for this thread: for checkers that look without stepping. */
    public <T> T withoutHook(java.util.concurrent.Callable<T> body) {
        bypass.set(true);
        try {
            return body.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            bypass.set(false);
        }
    }

    private void before(String op, Path path) throws IOException {
        if (!bypass.get()) {
            hook.before(op, path);
        }
    }

    /** Test setup: mkdir -p. */
    public synchronized void mkdirs(Path dir) {
        Path p = norm(dir);
        for (int i = 1; i <= p.getNameCount(); i++) {
            nodes.putIfAbsent(p.getRoot().resolve(p.subpath(0, i)), new Node(Type.DIR, ++clock));
        }
    }

    /** Test setup: a file with content (parents created). */
    public synchronized void put(Path file, byte[] content) {
        Path p = norm(file);
        mkdirs(p.getParent());
        Node n = new Node(Type.FILE, ++clock);
        n.content = content.clone();
        nodes.put(p, n);
    }

    /** Test setup: a symbolic link (never followed here; its target is irrelevant). */
    public synchronized void putSymlink(Path link) {
        Path p = norm(link);
        mkdirs(p.getParent());
        nodes.put(p, new Node(Type.SYMLINK, ++clock));
    }

    /** All paths, for assertions and printing. */
    public synchronized List<Path> paths() {
        return new ArrayList<>(nodes.keySet());
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        before("mkdir", dir);
        synchronized (this) {
            Path p = norm(dir);
            requireParentDir(p);
            if (nodes.containsKey(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            nodes.put(p, new Node(Type.DIR, ++clock));
        }
    }

    @Override
    public void createFile(Path file) throws IOException {
        before("create", file);
        synchronized (this) {
            Path p = norm(file);
            requireParentDir(p);
            if (nodes.containsKey(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            nodes.put(p, new Node(Type.FILE, ++clock));
        }
    }

    @Override
    public EntryFile createEntry(Path file) throws IOException {
        before("create", file);
        synchronized (this) {
            Path p = norm(file);
            requireParentDir(p);
            if (nodes.containsKey(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            Node n = new Node(Type.FILE, ++clock);
            nodes.put(p, n);
            return new MemoryEntryFile(n, p);
        }
    }

    /** An open entry: refers to its node (its inode), wherever renames move it. */
    private final class MemoryEntryFile implements EntryFile {
        private final Node node;
        private final Path createdAt;
        private boolean closed; // guarded by MemoryFileOps.this

        MemoryEntryFile(Node node, Path createdAt) {
            this.node = node;
            this.createdAt = createdAt;
        }

        @Override
        public void write(byte[] content) throws IOException {
            before("write", createdAt);
            synchronized (MemoryFileOps.this) {
                node.content = content.clone();
                node.modified = ++clock;
            }
        }

        @Override
        public boolean lock() {
            synchronized (MemoryFileOps.this) {
                if (!entryLocks || closed) {
                    return false;
                }
                node.lockedBy = this;
                return true;
            }
        }

        @Override
        public void close() {
            synchronized (MemoryFileOps.this) {
                closed = true;
                if (node.lockedBy == this) {
                    node.lockedBy = null;
                }
            }
        }
    }

    @Override
    public EntryLockState entryLock(Path file) {
        synchronized (this) {
            Node n = nodes.get(norm(file));
            if (n == null || n.type != Type.FILE || !entryLocks) {
                return EntryLockState.UNKNOWN;
            }
            return n.lockedBy != null ? EntryLockState.HELD : EntryLockState.FREE;
        }
    }

    @Override
    public void createFileBeside(Path dir, String member, String name) throws IOException {
        before("create", dir.resolve(name));
        synchronized (this) {
            Path d = norm(dir);
            Node m = nodes.get(d.resolve(member));
            if (m == null || m.type != Type.FILE) {
                throw new NoSuchFileException(d.resolve(member).toString());
            }
            Path p = d.resolve(name);
            if (nodes.containsKey(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            nodes.put(p, new Node(Type.FILE, ++clock));
        }
    }

    @Override
    public void writeFile(Path file, byte[] content, boolean durable) throws IOException {
        before("write", file);
        synchronized (this) {
            Node n = nodes.get(norm(file));
            if (n == null || n.type == Type.SYMLINK) {
                throw new NoSuchFileException(file.toString());
            }
            if (n.type == Type.DIR) {
                throw new FileSystemException(file.toString(), null, "Is a directory");
            }
            n.content = content.clone();
            n.modified = ++clock;
        }
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        before("symlink", link);
        synchronized (this) {
            Path p = norm(link);
            requireParentDir(p);
            if (nodes.containsKey(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            Node n = new Node(Type.SYMLINK, ++clock);
            n.content = target.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            nodes.put(p, n);
        }
    }

    @Override
    public Optional<String> readSymlink(Path link) throws IOException {
        before("readlink", link);
        synchronized (this) {
            Node n = nodes.get(norm(link));
            if (n == null) {
                return Optional.empty();
            }
            if (n.type != Type.SYMLINK) {
                throw new java.nio.file.NotLinkException(link.toString());
            }
            return Optional.of(new String(n.content, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        before("fsync", dir);
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
        before("rename", from);
        synchronized (this) {
            Path src = norm(from);
            Path dst = norm(to);
            Node moving = nodes.get(src);
            if (moving == null) {
                throw new NoSuchFileException(src.toString(), dst.toString(), null);
            }
            requireParentDir(dst);
            if (src.equals(dst)) {
                return true;
            }
            Node target = nodes.get(dst);
            if (target != null) {
                boolean replaceable = moving.type == Type.DIR
                        ? target.type == Type.DIR && children(dst).isEmpty()
                        : target.type != Type.DIR;
                if (!replaceable) {
                    return false; // ENOTEMPTY, ENOTDIR or EISDIR
                }
                nodes.remove(dst);
            }
            for (Path p : new ArrayList<>(nodes.keySet())) {
                if (p.startsWith(src)) {
                    nodes.put(dst.resolve(src.relativize(p)), nodes.remove(p));
                }
            }
            return true;
        }
    }

    @Override
    public boolean deleteFile(Path file) throws IOException {
        before("unlink", file);
        synchronized (this) {
            Path p = norm(file);
            Node n = nodes.get(p);
            if (n == null) {
                return false;
            }
            if (n.type == Type.DIR) {
                throw new FileSystemException(p.toString(), null, "is a directory, expected a lock entry file");
            }
            nodes.remove(p);
            return true;
        }
    }

    @Override
    public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
        before("rmdir", dir);
        synchronized (this) {
            Path p = norm(dir);
            Node n = nodes.get(p);
            if (n == null) {
                return RmdirResult.ABSENT;
            }
            if (n.type != Type.DIR) {
                throw new NotDirectoryException(p.toString());
            }
            if (!children(p).isEmpty()) {
                return RmdirResult.NOT_EMPTY;
            }
            nodes.remove(p);
            return RmdirResult.REMOVED;
        }
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        before("readdir", dir);
        synchronized (this) {
            Path p = norm(dir);
            Node n = nodes.get(p);
            if (n == null) {
                return List.of();
            }
            if (n.type != Type.DIR) {
                throw new NotDirectoryException(p.toString());
            }
            return children(p);
        }
    }

    @Override
    public Optional<byte[]> readFile(Path file) throws IOException {
        before("read", file);
        synchronized (this) {
            Node n = nodes.get(norm(file));
            if (n == null) {
                return Optional.empty();
            }
            if (n.type != Type.FILE) {
                throw new FileSystemException(file.toString(), null, "not a regular file");
            }
            return Optional.of(n.content.clone());
        }
    }

    @Override
    public FileKind kind(Path path) throws IOException {
        before("lstat", path);
        synchronized (this) {
            Node n = nodes.get(norm(path));
            if (n == null) {
                return FileKind.ABSENT;
            }
            return switch (n.type) {
                case DIR -> FileKind.DIRECTORY;
                case FILE -> FileKind.FILE;
                case SYMLINK -> FileKind.SYMLINK;
            };
        }
    }

    @Override
    public Optional<Instant> modifiedTime(Path path) throws IOException {
        before("lstat", path);
        synchronized (this) {
            Node n = nodes.get(norm(path));
            return n == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(n.modified));
        }
    }

    @Override
    public String fileSystemType(Path path) {
        return fileSystemType;
    }

    @Override
    public void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        before("chmod", path);
        synchronized (this) {
            Node n = nodes.get(norm(path));
            if (n == null) {
                throw new NoSuchFileException(path.toString());
            }
            if (n.type == Type.SYMLINK) {
                throw new FileSystemException(path.toString(), null, "Too many levels of symbolic links");
            }
            n.permissions = Set.copyOf(permissions);
        }
    }

    /** Test inspection: the permissions set by {@link #setPermissions}; empty if never set. */
    public synchronized Optional<Set<PosixFilePermission>> permissions(Path path) {
        Node n = nodes.get(norm(path));
        return n == null ? Optional.empty() : Optional.ofNullable(n.permissions);
    }

    private void requireParentDir(Path p) throws IOException {
        Node parent = nodes.get(p.getParent());
        if (parent == null) {
            throw new NoSuchFileException(p.toString());
        }
        if (parent.type != Type.DIR) {
            throw new NotDirectoryException(p.getParent().toString());
        }
    }

    private List<String> children(Path dir) {
        List<String> names = new ArrayList<>();
        for (Path p : nodes.keySet()) {
            if (dir.equals(p.getParent())) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
