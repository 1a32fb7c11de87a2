package dev.fslock.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The exclusive kernel lock ({@code fcntl(F_SETLKW, F_WRLCK)}) on a lock's queue file
 * {@code NAME.queue}, made on first use ({@code O_CREAT}, never through a symbolic link) and never
 * removed. The wait for it has a timeout and ends on interruption: the blocking call runs in a
 * daemon thread, and closing its descriptor cancels it.
 *
 * <p>Only one thread of a JVM may wait for or hold the lock of one queue file at a time (the JDK
 * refuses overlapping locks within a JVM, and closing any descriptor of the file drops the
 * process's lock): the caller keeps that rule ({@code wait.KernelWaitQueue}'s gate). Whatever
 * goes wrong (no permission, not a regular file, no locks on this filesystem) is "not the head":
 * the queue is only an optimisation, so its failures are never errors.
 *
 * <p>With chosen permissions (a lock shared between users), the file is made with
 * {@code O_CREAT|O_EXCL} and then given them whatever the umask, so that the other users of the
 * lock may open it for writing too; a file that was already there is never chmodded.
 */
public final class QueueFileLock implements AutoCloseable {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "fslock-queue-lock");
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;

    private QueueFileLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Waits at most {@code timeoutNanos} for the exclusive lock of {@code queueFile}.
     *
     * @param permissions the mode to give the queue file if this call makes it; empty: whatever the umask leaves
     * @return the lock, held until {@link #close()}; empty on timeout or if the file cannot be
     *     opened or locked
     * @throws InterruptedException if interrupted while waiting (nothing is held then)
     */
    public static Optional<QueueFileLock> lock(Path queueFile, Optional<Set<PosixFilePermission>> permissions,
            long timeoutNanos) throws InterruptedException {
        FileChannel channel;
        try {
            channel = permissions.isEmpty() ? FileChannel.open(queueFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS) : open(queueFile, permissions.get());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unwritable, a directory or a link there, a read-only filesystem...
        }
        try {
            FileLock now = channel.tryLock();
            if (now != null) {
                return Optional.of(new QueueFileLock(channel));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return Optional.empty();
        }
        if (timeoutNanos <= 0) {
            closeQuietly(channel);
            return Optional.empty();
        }
        CompletableFuture<FileLock> granted = new CompletableFuture<>();
        try {
            THREADS.execute(() -> {
                try {
                    granted.complete(channel.lock());
                } catch (IOException | RuntimeException e) {
                    granted.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            closeQuietly(channel);
            return Optional.empty();
        }
        try {
            granted.get(timeoutNanos, TimeUnit.NANOSECONDS);
            return Optional.of(new QueueFileLock(channel));
        } catch (TimeoutException | ExecutionException e) {
            closeQuietly(channel); // cancels the pending lock, or drops one granted just now
            return Optional.empty();
        } catch (InterruptedException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * What one try found: the lock, held until {@link #close()}; or none, because another process
     * holds it ({@code taken}) or because the file is absent or cannot be opened or locked.
     */
    public record Attempt(Optional<QueueFileLock> held, boolean taken) {}

    /**
     * One {@code fcntl(F_SETLK, F_WRLCK)} on {@code queueFile}, which this never makes: an absent
     * queue file means that nobody has waited for the lock, so there is nobody to go behind.
     */
    public static Attempt tryLock(Path queueFile) {
        FileChannel channel;
        try {
            channel = FileChannel.open(queueFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return new Attempt(Optional.empty(), false); // absent, unwritable, a directory or a link there...
        }
        try {
            FileLock now = channel.tryLock();
            if (now != null) {
                return new Attempt(Optional.of(new QueueFileLock(channel)), false);
            }
            closeQuietly(channel);
            return new Attempt(Optional.empty(), true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return new Attempt(Optional.empty(), false);
        }
    }

    /** Opens the queue file, or makes it (O_EXCL) and then gives it {@code permissions}: the umask may have taken some. */
    private static FileChannel open(Path queueFile, Set<PosixFilePermission> permissions) throws IOException {
        try {
            return FileChannel.open(queueFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            // Ours to make, hence ours to chmod.
        }
        FileChannel made;
        try {
            made = FileChannel.open(queueFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException raced) {
            return FileChannel.open(queueFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); // another made it
        }
        try {
            // NOFOLLOW: fchmod of the file opened with O_NOFOLLOW, never a link put in its place.
            Files.getFileAttributeView(queueFile, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions);
        } catch (IOException | RuntimeException e) {
            // Still usable by this user; others bypass the queue, as before.
        }
        return made;
    }

    /** Unlocks: closes the descriptor, which drops the lock; the next waiter in the kernel gets it. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing drops the lock whatever close reports.
        }
    }
}
