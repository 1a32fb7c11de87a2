package dev.fslock.fs;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An owner entry on the real filesystem, open for reading and writing until it is closed.
 *
 * <p>The open entries of this JVM are registered by file name (entry names are unique: they name
 * their owner): the kernel drops a process's POSIX lock on a file when the process closes any
 * descriptor of it, so {@link NioFileOps} must never open a registered entry again; it reads one
 * through {@link #read()} and reports its lock as held.
 */
final class NioEntryFile implements EntryFile {
    private static final System.Logger LOG = System.getLogger(NioEntryFile.class.getName());
    private static final int STICKY = 01000;
    private static final Map<String, NioEntryFile> OPEN = new ConcurrentHashMap<>();

    private final String name;
    private final FileChannel channel;

    private NioEntryFile(String name, FileChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    static NioEntryFile create(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        NioEntryFile entry = new NioEntryFile(file.getFileName().toString(), channel);
        OPEN.put(entry.name, entry);
        try {
            markSticky(file);
        } catch (IOException | RuntimeException e) {
            entry.close();
            throw e;
        }
        return entry;
    }

    /** The sticky bit: systemd-tmpfiles never removes a file that has it, however old. */
    private static void markSticky(Path file) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:mode", mode | STICKY, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // No POSIX modes (not Linux/macOS): no tmpfiles either.
        }
    }

    /** The entry of this JVM named {@code fileName}, if it is open. */
    static Optional<NioEntryFile> open(String fileName) {
        return Optional.ofNullable(OPEN.get(fileName));
    }

    @Override
    public void write(byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    @Override
    public boolean lock() throws IOException {
        try {
            channel.lock(); // kept until the channel closes
            return true;
        } catch (OverlappingFileLockException e) {
            return true; // already locked by this JVM through this channel
        } catch (IOException e) {
            if (!channel.isOpen()) {
                throw e; // interrupted (ClosedByInterruptException) or closed: not a missing feature
            }
            // ENOLCK, EOPNOTSUPP...: a filesystem without POSIX locks. /proc alone judges us then.
            LOG.log(Level.DEBUG, "no kernel lock on " + name + " (the owner has no veto): " + e);
            return false;
        }
    }

    /** The content, read through the open descriptor (never a second one). */
    byte[] read() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 20));
        long position = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        byte[] out = new byte[buffer.position()];
        buffer.flip().get(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        OPEN.remove(name, this);
        channel.close();
    }

    /**
     * A prober's look at another process's entry: a brief shared lock, released at once. If a
     * waiter of this JVM watches the entry ({@link EntryLockWatch}), its pending lock answers
     * instead: a second descriptor would make the JDK refuse the probe's lock, and closing it
     * would drop the watch's. Probes and watches open descriptors of an entry one at a time.
     */
    static EntryLockState probe(Path file) {
        String name = file.getFileName().toString();
        if (OPEN.containsKey(name)) {
            return EntryLockState.HELD; // ours: this process is alive
        }
        synchronized (EntryLockWatch.CALLS) {
            Optional<EntryLockState> watched = EntryLockWatch.watched(name);
            if (watched.isPresent()) {
                return watched.get();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
                if (lock == null) {
                    return EntryLockState.HELD;
                }
                lock.release();
                return EntryLockState.FREE;
            } catch (OverlappingFileLockException e) {
                return EntryLockState.UNKNOWN; // cannot happen: probes and watches take turns
            } catch (IOException e) {
                return EntryLockState.UNKNOWN; // gone, unreadable, or no locks here
            }
        }
    }
}
