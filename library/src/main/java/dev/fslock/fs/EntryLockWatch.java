package dev.fslock.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A wait, in a daemon thread, for the kernel lock of another process's owner entry to be free:
 * a shared lock ({@code fcntl(F_SETLKW, F_RDLCK)}) on the entry, which the kernel grants the moment
 * the owner closes the entry (release, give-up) or dies. It is dropped at once, and its
 * subscribers are told: the holder has gone, so the lock may be free (docs/protocol.md, waiting).
 *
 * <p>One watch per entry in this JVM, shared by its subscribers, because of two rules of POSIX
 * locks and the JDK: the kernel drops all of a process's locks on a file when the process closes
 * <em>any</em> descriptor of it, and the JDK refuses a second lock from this JVM on a file it
 * already locks, or waits to lock ({@code OverlappingFileLockException}). So while a watch has a
 * descriptor of an entry, nothing else in this JVM opens one: {@link NioEntryFile#probe} answers
 * from the watch (a pending shared lock means an exclusive one is held: HELD), and the probe's
 * own descriptor and the watch's are opened and closed under one monitor ({@link #CALLS}). An entry
 * of this JVM's own is never watched: closing a descriptor of it would drop our own lock.
 */
public final class EntryLockWatch {
    /** Serialises the opening and closing of descriptors of other processes' entries (watch, probe). */
    static final Object CALLS = new Object();
    private static final Map<String, EntryLockWatch> WATCHED = new HashMap<>(); // guarded by CALLS
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "fslock-entry-lock-watch");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final FileChannel channel;
    private final Set<Subscription> subscribers = new LinkedHashSet<>(); // guarded by CALLS
    private volatile boolean granted;
    private boolean ended; // guarded by CALLS: no more subscribers can join

    private EntryLockWatch(String name, FileChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    /** Why a watch ended. */
    public enum End {
        /** The shared lock was granted: the owner released its entry or died. */
        FREE,
        /** The entry could not be opened or locked (gone, unreadable, no locks here): look again. */
        FAILED
    }

    /** Told once when the watch ends (on the watch's thread, or the caller's if it ends at once). */
    @FunctionalInterface
    public interface Listener {
        void ended(End end);
    }

    /** One subscriber's interest in a watch; closing it before the end cancels it (nothing is told). */
    public final class Subscription implements AutoCloseable {
        private final Listener listener;

        private Subscription(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            boolean last;
            synchronized (CALLS) {
                last = subscribers.remove(this) && subscribers.isEmpty() && !ended;
                if (last) {
                    ended = true;
                }
            }
            if (last) {
                closeQuietly(channel); // wakes the watch's thread, which unregisters it
            }
        }
    }

    /**
     * Starts watching the owner entry {@code entryFile} of another process, or joins the watch of
     * it that is under way.
     *
     * @return empty if this JVM owns that entry (never watched) or a watch of it is just ending;
     *     otherwise a subscription whose listener is told once how the watch ended. If the entry
     *     cannot be opened (gone: its owner left), the listener is told FAILED before this returns.
     */
    public static Optional<Subscription> subscribe(Path entryFile, Listener listener) {
        String name = entryFile.getFileName().toString();
        EntryLockWatch watch;
        Subscription subscription;
        boolean unopenable = false;
        synchronized (CALLS) {
            if (NioEntryFile.open(name).isPresent()) {
                return Optional.empty(); // ours: this JVM holds it, and must not open it again
            }
            watch = WATCHED.get(name);
            if (watch != null) {
                if (watch.ended) {
                    return Optional.empty();
                }
                subscription = watch.new Subscription(listener);
                watch.subscribers.add(subscription);
                return Optional.of(subscription);
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(entryFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                unopenable = true;
            }
            if (channel == null) {
                watch = null;
                subscription = null;
            } else {
                watch = new EntryLockWatch(name, channel);
                subscription = watch.new Subscription(listener);
                watch.subscribers.add(subscription);
                WATCHED.put(name, watch);
            }
        }
        if (unopenable) {
            listener.ended(End.FAILED); // outside CALLS: listeners take their own monitors
            return Optional.empty();
        }
        try {
            THREADS.execute(watch::await);
        } catch (RejectedExecutionException e) {
            watch.finish(false);
        }
        return Optional.of(subscription);
    }

    /** The watch's thread: blocks in the kernel until the shared lock is granted or the watch is cancelled. */
    private void await() {
        boolean free = false;
        try {
            FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
            free = true;
            granted = true;
            lock.release();
        } catch (IOException | RuntimeException e) {
            // Cancelled (AsynchronousCloseException), or no locks on this filesystem: either way
            // the subscribers fall back on their other wake-ups.
        } finally {
            finish(free);
        }
    }

    private void finish(boolean free) {
        Set<Subscription> told;
        synchronized (CALLS) {
            closeQuietly(channel);
            WATCHED.remove(name, this);
            ended = true;
            told = new LinkedHashSet<>(subscribers);
            subscribers.clear();
        }
        for (Subscription s : told) {
            s.listener.ended(free ? End.FREE : End.FAILED);
        }
    }

    /**
     * What a watch of {@code name} says about the entry's kernel lock, for the probe of this JVM
     * (caller holds {@link #CALLS}): HELD while our shared lock waits (an exclusive one is held),
     * FREE once it was granted; empty if no watch has a descriptor of it (the probe may open one).
     */
    static Optional<EntryLockState> watched(String name) {
        EntryLockWatch watch = WATCHED.get(name);
        if (watch == null) {
            return Optional.empty();
        }
        return Optional.of(watch.granted ? EntryLockState.FREE : EntryLockState.HELD);
    }

    /** Number of entries being watched now (for tests). */
    public static int active() {
        synchronized (CALLS) {
            return WATCHED.size();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing only drops our pending or granted shared lock.
        }
    }
}
