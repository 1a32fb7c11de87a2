package dev.fslock.wait;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@link WatchService} for the whole JVM, shared by every waiter. A daemon thread turns each
 * event in a watched directory into a new generation of that directory and wakes its waiters.
 *
 * <p>Only where the WatchService is native (inotify on Linux): the JDK's polling fallback (macOS)
 * notices changes after seconds, so there waiters rely on backoff alone.
 */
final class DirectoryEvents {
    private static final System.Logger LOG = System.getLogger(DirectoryEvents.class.getName());
    private static DirectoryEvents shared;

    private final WatchService service; // null: no prompt events on this platform
    private final Map<Path, Watched> byDir = new HashMap<>(); // guarded by this
    private final Map<WatchKey, Watched> byKey = new HashMap<>(); // guarded by this

    /** One watched directory: its generation counts the events seen; waiters wait on it. */
    private static final class Watched {
        final WatchKey key;
        int users; // guarded by DirectoryEvents.this
        long generation; // guarded by this Watched
        boolean lost; // guarded by this Watched: the key was cancelled (directory gone)

        Watched(WatchKey key) {
            this.key = key;
        }
    }

    private DirectoryEvents(WatchService service) {
        this.service = service;
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
        t.start();
    }

    private void dispatch() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents();
            boolean valid = key.reset();
            Watched w;
            synchronized (this) {
                w = byKey.get(key);
            }
            if (w != null) {
                synchronized (w) {
                    w.generation++;
                    w.lost |= !valid;
                    w.notifyAll();
                }
            }
        }
    }

    LockWaiter watch(Path dir) {
        Watched w = service == null ? null : register(dir.toAbsolutePath().normalize());
        return new Waiter(dir, w);
    }

    private synchronized Watched register(Path dir) {
        Watched w = byDir.get(dir);
        if (w == null || !w.key.isValid()) {
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

    private synchronized void unregister(Path dir, Watched w) {
        if (--w.users == 0) {
            byDir.remove(dir, w);
            byKey.remove(w.key);
            w.key.cancel();
        }
    }

    private final class Waiter implements LockWaiter {
        private final Path dir;
        private final Watched watched; // null: sleep only
        private boolean closed;

        Waiter(Path dir, Watched watched) {
            this.dir = dir.toAbsolutePath().normalize();
            this.watched = watched;
        }

        @Override
        public long mark() {
            if (watched == null) {
                return 0;
            }
            synchronized (watched) {
                return watched.generation;
            }
        }

        @Override
        public void await(long mark, long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (watched == null) {
                TimeUnit.NANOSECONDS.sleep(nanos);
                return;
            }
            long deadline = System.nanoTime() + nanos;
            boolean lost;
            synchronized (watched) {
                while (watched.generation == mark && !watched.lost) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(watched, left);
                }
                lost = watched.lost;
            }
            if (lost) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime())); // directory gone: backoff only
            }
        }

        @Override
        public void close() {
            if (!closed && watched != null) {
                closed = true;
                unregister(dir, watched);
            }
        }
    }
}
