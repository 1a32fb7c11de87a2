package dev.fslock.sim;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import dev.fslock.testing.MemoryFileOps;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One process's view of the shared filesystem: each call goes to the {@link MemoryFileOps} (whose
 * hook makes it a scheduling point) and is logged with its outcome, and counted as a call the
 * process must report as a spec action.
 */
final class LoggedFileOps implements FileOps {
    private final SimProcess p;
    private final MemoryFileOps fs;
    private final Scheduler scheduler;
    private final StepLog log;

    LoggedFileOps(SimProcess p, MemoryFileOps fs, Scheduler scheduler, StepLog log) {
        this.p = p;
        this.fs = fs;
        this.scheduler = scheduler;
        this.log = log;
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(String what, Call<T> body, Function<T, String> outcome) throws IOException {
        boolean mine = scheduler.current() == p; // checkers look from the scheduler's thread: not logged
        try {
            T result = body.run();
            if (mine) {
                p.calls++;
            }
            if (mine) {
                log.log(p.name + ": " + what + " -> " + outcome.apply(result));
            }
            return result;
        } catch (IOException e) {
            if (mine) {
                log.log(p.name + ": " + what + " -> " + errno(e));
            }
            throw e;
        }
    }

    private static String errno(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "EEXIST";
        }
        if (e instanceof NoSuchFileException) {
            return "ENOENT";
        }
        if (e instanceof NotDirectoryException) {
            return "ENOTDIR";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        call("mkdir(" + log.label(dir) + ")", () -> {
            fs.createDirectory(dir);
            return null;
        }, r -> "ok");
    }

    @Override
    public void createFile(Path file) throws IOException {
        call("create(" + log.label(file) + ")", () -> {
            fs.createFile(file);
            return null;
        }, r -> "ok");
    }

    @Override
    public EntryFile createEntry(Path file) throws IOException {
        EntryFile entry = call("create(" + log.label(file) + ")", () -> fs.createEntry(file), r -> "ok");
        p.openEntries.add(entry);
        return new EntryFile() {
            @Override
            public void write(byte[] content) throws IOException {
                call("write(" + log.label(file) + ", " + log.content(Optional.of(content)) + ")", () -> {
                    entry.write(content);
                    return null;
                }, r -> "ok");
            }

            @Override
            public boolean lock() throws IOException {
                return entry.lock();
            }

            @Override
            public void close() throws IOException {
                entry.close();
                p.openEntries.remove(entry);
            }
        };
    }

    @Override
    public EntryLockState entryLock(Path file) throws IOException {
        return fs.entryLock(file); // part of a probe, which is one scheduling point already
    }

    @Override
    public void createFileBeside(Path dir, String member, String name) throws IOException {
        call("openat(" + log.label(dir) + " holding " + log.label(dir.resolve(member)) + ", " + log.label(dir.resolve(name)) + ")",
                () -> {
                    fs.createFileBeside(dir, member, name);
                    return null;
                }, r -> "ok");
    }

    @Override
    public void writeFile(Path file, byte[] content, boolean durable) throws IOException {
        call("write(" + log.label(file) + ", " + log.content(Optional.of(content)) + ")", () -> {
            fs.writeFile(file, content, durable);
            return null;
        }, r -> "ok");
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        call("fsync(" + log.label(dir) + ")", () -> {
            fs.syncDirectory(dir);
            return null;
        }, r -> "ok");
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        call("symlink(" + log.label(link) + ", " + target + ")", () -> {
            fs.createSymlink(link, target);
            return null;
        }, r -> "ok");
    }

    @Override
    public Optional<String> readSymlink(Path link) throws IOException {
        return call("readlink(" + log.label(link) + ")", () -> fs.readSymlink(link), r -> r.orElse("absent"));
    }

    @Override
    public boolean rename(Path from, Path to) throws IOException {
        String what = "rename(" + log.label(from) + ", " + log.label(to) + ")";
        return call(what, () -> fs.rename(from, to), ok -> ok ? "ok" : "ENOTEMPTY");
    }

    @Override
    public boolean deleteFile(Path file) throws IOException {
        return call("unlink(" + log.label(file) + ")", () -> fs.deleteFile(file), ok -> ok ? "ok" : "ENOENT");
    }

    @Override
    public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
        return call("rmdir(" + log.label(dir) + ")", () -> fs.deleteEmptyDirectory(dir), r -> switch (r) {
            case REMOVED -> "ok";
            case ABSENT -> "ENOENT";
            case NOT_EMPTY -> "ENOTEMPTY";
        });
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        return call("readdir(" + log.label(dir) + ")", () -> fs.list(dir),
                names -> names.stream().map(n -> log.label(dir.resolve(n))).toList().toString());
    }

    @Override
    public Optional<byte[]> readFile(Path file) throws IOException {
        return call("read(" + log.label(file) + ")", () -> fs.readFile(file), log::content);
    }

    @Override
    public FileKind kind(Path path) throws IOException {
        return call("lstat(" + log.label(path) + ")", () -> fs.kind(path), FileKind::name);
    }

    @Override
    public Optional<Instant> modifiedTime(Path path) throws IOException {
        return call("lstat(" + log.label(path) + ")", () -> fs.modifiedTime(path), t -> t.map(Instant::toString).orElse("absent"));
    }

    @Override
    public String fileSystemType(Path path) {
        return fs.fileSystemType(path);
    }
}
