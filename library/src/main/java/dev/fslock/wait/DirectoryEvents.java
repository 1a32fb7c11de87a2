package dev.fslock.wait;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.WatchEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One {@link WatchService} for the whole JVM, shared by every waiter. A daemon thread counts the
 * departures of the names waited for in each watched directory and wakes their waiters.
 *
 * <p>A waiter for one lock ({@link #watchLock}) is woken only when the lock's own name leaves the
 * directory (rmdir, or a rename away: inotify's IN_DELETE, IN_MOVED_FROM), or when events were
 * lost (overflow): that is when the lock may have become free. Every acquisition also creates and
 * renames temp files in the same directory; waking all waiters for each of those (about seven
 * events per acquisition) made each of K waiters re-examine the lock seven times per handoff.
 * Any other change is noticed by the waiter's backoff, as before.
 *
 * <p>A directory's watch is cancelled by the dispatcher thread once its last waiter closed (after
 * {@link #RETIRE_AFTER_NANOS}: none), never by a waiter: cancelling takes a round trip through the
 * JDK's watch-service thread (ms on a busy machine), and a waiter closes its waiter inside its
 * acquisition, after the rename that took the lock. A watch is not kept longer: every JVM that
 * watches the directory wakes for every change in it (about seven per acquisition), and keeping it
 * in every JVM that took the lock in the last second halved throughput with eight processes
 * (docs/benchmarks.md, analysis).
 *
 * <p>Only where the WatchService is native (inotify on Linux): the JDK's polling fallback (macOS)
 * notices changes after seconds, so there waiters rely on backoff alone.
 */
final class DirectoryEvents {
    private static final System.Logger LOG = System.getLogger(DirectoryEvents.class.getName());
    /** How long a directory's watch is kept after its last waiter closed (then the dispatcher cancels it): see above. */
    static final long RETIRE_AFTER_NANOS = 0;
    private static DirectoryEvents shared;

    private final WatchService service; // null: no prompt events on this platform
    private final long retireAfterNanos;
    private final Map<Path, Watched> byDir = new HashMap<>(); // guarded by this
    private final Map<WatchKey, Watched> byKey = new HashMap<>(); // guarded by this
    private final Set<Path> retiring = new HashSet<>(); // guarded by this: their keys are being cancelled
    private Thread dispatcher; // guarded by this
    private boolean dispatcherUntimed = true; // guarded by this: it waits for events only, not to retire a watch

    /** One watched directory: the departures of the names waited for; waiters wait on it. */
    private static final class Watched {
        final WatchKey key;
        int users; // guarded by DirectoryEvents.this
        long idleSince; // guarded by DirectoryEvents.this: when users last fell to 0
        boolean lost; // guarded by this Watched: the key was cancelled (directory gone)
        long overflows; // guarded by this Watched: batches in which events were lost
        final Map<String, long[]> departures = new HashMap<>(); // guarded by this Watched: name -> {count, waiters}

        Watched(WatchKey key) {
            this.key = key;
        }
    }

    private DirectoryEvents(WatchService service) {
        this(service, RETIRE_AFTER_NANOS);
    }

    /** @param retireAfterNanos how long a directory's watch outlives its last waiter */
    DirectoryEvents(WatchService service, long retireAfterNanos) {
        this.service = service;
        this.retireAfterNanos = retireAfterNanos;
    }

    static synchronized DirectoryEvents shared() {
        if (shared == null) {
            shared = new DirectoryEvents(openNativeService());
            shared.startDispatcher();
        }
        return shared;
    }

    private static WatchService openNativeService() {
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            if (ws.getClass().getName().contains("Polling")) {
                ws.close();
                return null;
            }
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private void startDispatcher() {
        if (service == null) {
            return;
        }
        Thread t = new Thread(this::dispatch, "fslock-directory-events");
        t.setDaemon(true);
        synchronized (this) {
            dispatcher = t;
        }
        t.start();
    }

    private void dispatch() {
        while (true) {
            long retireIn = retireIdleWatches();
            WatchKey key;
            try {
                key = retireIn < 0 ? service.take() : service.poll(retireIn, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue; // a watch became idle (unregister): time its retirement
            } catch (ClosedWatchServiceException e) {
                return;
            }
            if (key == null) {
                continue;
            }
            List<WatchEvent<?>> events = key.pollEvents();
            boolean valid = key.reset();
            Watched w;
            synchronized (this) {
                w = byKey.get(key);
            }
            if (w != null) {
                synchronized (w) {
                    w.lost |= !valid;
                    for (WatchEvent<?> e : events) {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            w.overflows++;
                        } else if (e.kind() == StandardWatchEventKinds.ENTRY_DELETE && e.context() instanceof Path name) {
                            long[] counter = w.departures.get(name.toString());
                            if (counter != null) {
                                counter[0]++;
                            }
                        }
                    }
                    w.notifyAll();
                }
            }
        }
    }

    /** A waiter woken when {@code lock}'s name leaves its directory, or events were lost. */
    LockWaiter watchLock(Path lock) {
        return new Waiter(lock.toAbsolutePath().normalize().getParent(), lock.getFileName().toString());
    }

    /** Registers a waiter for {@code name} in {@code dir}: the directory's watch, or null without events. */
    private Watched watchName(Path dir, String name) {
        Watched w = service == null ? null : register(dir);
        if (w != null) {
            synchronized (w) {
                w.departures.computeIfAbsent(name, n -> new long[2])[1]++;
            }
        }
        return w;
    }

    private synchronized Watched register(Path dir) {
        while (retiring.contains(dir)) {
            // Its key is being cancelled; registering now would get that same key back, cancelled
            // a moment later. Wait for the cancel (one round trip through the JDK's thread): with
            // no grace, a waiter that closed its watch before the queue comes back at once.
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the waiter's next await throws
                return null; // without events it still wakes on its backoff: slower, never wrong
            }
        }
        Watched w = byDir.get(dir);
        if (w == null || !w.key.isValid()) {
            if (w != null && w.users == 0) {
                byKey.remove(w.key); // the directory went away while nobody waited: nothing to cancel
            }
            try {
                WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                w = byKey.computeIfAbsent(key, Watched::new);
                byDir.put(dir, w);
            } catch (IOException | RuntimeException e) {
                // Without events the waiter still wakes on its backoff: slower, never wrong.
                LOG.log(Level.DEBUG, "cannot watch " + dir + ": " + e);
                return null;
            }
        }
        w.users++;
        return w;
    }

    /** The waiter's thread: never cancels a key itself (see the class comment), at most wakes the dispatcher. */
    private synchronized void unregister(Path dir, Watched w) {
        if (--w.users > 0) {
            return;
        }
        if (byDir.get(dir) != w || !w.key.isValid()) {
            // Replaced after its directory went away, or going: its key is invalid, nothing to cancel.
            byDir.remove(dir, w);
            byKey.remove(w.key);
            return;
        }
        w.idleSince = System.nanoTime();
        if (dispatcherUntimed && dispatcher != null) {
            dispatcherUntimed = false;
            dispatcher.interrupt(); // it waits for events only: make it time this retirement
        }
    }

    /**
     * The dispatcher's thread: cancels the watches idle for {@code retireAfterNanos}.
     *
     * @return nanoseconds until the next idle watch is due, or -1 if none is idle
     */
    private long retireIdleWatches() {
        Map<Path, Watched> due = new HashMap<>();
        long next = -1;
        synchronized (this) {
            long now = System.nanoTime();
            for (Map.Entry<Path, Watched> e : byDir.entrySet()) {
                Watched w = e.getValue();
                if (w.users > 0) {
                    continue;
                }
                long left = w.idleSince + retireAfterNanos - now;
                if (left <= 0) {
                    due.put(e.getKey(), w);
                } else {
                    next = next < 0 ? left : Math.min(next, left);
                }
            }
            for (Map.Entry<Path, Watched> e : due.entrySet()) {
                byDir.remove(e.getKey());
                byKey.remove(e.getValue().key);
                retiring.add(e.getKey());
            }
            dispatcherUntimed = next < 0;
        }
        if (due.isEmpty()) {
            return next;
        }
        for (Watched w : due.values()) {
            w.key.cancel(); // outside the monitor: waiters of other directories are not held up
        }
        synchronized (this) {
            retiring.removeAll(due.keySet());
            notifyAll(); // waiters registering in those directories
        }
        return next;
    }

    /** Whether {@code dir} has a watch now (in use, idle, or its key still being cancelled): for tests. */
    synchronized boolean watches(Path dir) {
        Path normalized = dir.toAbsolutePath().normalize();
        Watched w = byDir.get(normalized);
        return retiring.contains(normalized) || w != null && w.key.isValid();
    }

    /**
     * A waiter, which watches the directory from its first {@link #mark()} on: a head that finds
     * the lock free as it wakes in the queue (its wait of zero needs no mark) never registers.
     * Used by one acquiring thread; only {@link #holderLeft} comes from other threads, after the
     * registration ({@link #watchHolders} registers first).
     */
    private final class Waiter implements LockWaiter {
        private final Path dir;
        private final String name; // woken only by this name's departure (or lost events)
        private final HolderWatches holders = new HolderWatches(this::holderLeft);
        private boolean registered;
        private Watched watched; // null: not registered yet, or no directory events (timer and holder watches only)
        private volatile Object monitor = this; // watched once registered, or this waiter when there are no events
        private long holderWakes; // guarded by monitor
        private boolean closed;

        Waiter(Path dir, String name) {
            this.dir = dir;
            this.name = name;
        }

        private void register() {
            if (!registered && !closed) {
                registered = true;
                watched = watchName(dir, name);
                if (watched != null) {
                    monitor = watched;
                }
            }
        }

        @Override
        public long mark() {
            register();
            synchronized (monitor) {
                return current();
            }
        }

        /** Grows with every event that concerns this waiter. Caller holds the monitor. */
        private long current() {
            long events = watched == null ? 0 : watched.overflows + watched.departures.get(name)[0];
            return events + holderWakes;
        }

        private void holderLeft() {
            Object m = monitor;
            synchronized (m) {
                holderWakes++;
                m.notifyAll();
            }
        }

        @Override
        public void watchHolders(List<Path> entryFiles) {
            register();
            holders.watch(entryFiles);
        }

        @Override
        public boolean wokenByKernel(List<Path> entryFiles) {
            if (watched == null) {
                return false; // no directory events: a release is seen only by looking
            }
            synchronized (watched) {
                if (watched.lost) {
                    return false;
                }
            }
            return holders.watchingAll(entryFiles);
        }

        @Override
        public long holdersLeft() {
            return holders.freed();
        }

        @Override
        public boolean freed(Path entryFile) {
            return holders.freed(entryFile);
        }

        @Override
        public void await(long mark, long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (nanos <= 0) {
                return; // a wait of zero: nothing to watch for
            }
            register(); // (a wait without a mark: from now on)
            // A lost watch (directory gone) brings no more events: the timer and holder watches remain.
            long deadline = System.nanoTime() + nanos;
            Object m = monitor;
            synchronized (m) {
                while (current() == mark) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(m, left);
                }
            }
        }

        @Override
        public void close() {
            holders.close();
            if (closed) {
                return;
            }
            closed = true;
            if (watched != null) {
                synchronized (watched) {
                    long[] counter = watched.departures.get(name);
                    if (--counter[1] == 0) {
                        watched.departures.remove(name);
                    }
                }
                unregister(dir, watched);
            }
        }
    }
}
