package dev.fslock.protocol;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Locks this process holds with no handle left to release them: an acquisition whose fence failed
 * and whose release then failed too (a filesystem gone read-only, say). Such a lock must not stay
 * held until the JVM exits: the next acquisition through the same {@link LockProtocol} retries the
 * release first, and a background thread retries it every few seconds until it succeeds.
 */
final class PendingReleases {
    /** Releases one held lock; throws while the filesystem still refuses. */
    @FunctionalInterface
    interface Releaser {
        void release(LockProtocol.Acquired held) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(PendingReleases.class.getName());
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LAST_RETRY_MILLIS = 60_000;

    private final List<Pending> pending = new CopyOnWriteArrayList<>();

    private static final class Pending {
        final LockProtocol.Acquired held;
        final Releaser releaser;
        final AtomicBoolean done = new AtomicBoolean();

        Pending(LockProtocol.Acquired held, Releaser releaser) {
            this.held = held;
            this.releaser = releaser;
        }

        /** One attempt; true once released (by this or another attempt). */
        synchronized boolean attempt() {
            if (done.get()) {
                return true;
            }
            try {
                releaser.release(held);
                done.set(true);
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "still cannot release " + held.owner().entryName() + ": " + e);
                return false;
            }
        }
    }

    void add(LockProtocol.Acquired held, Releaser releaser) {
        Pending p = new Pending(held, releaser);
        pending.add(p);
        LOG.log(Level.WARNING, "could not release the lock entry " + held.owner().entryName() + " after a failed"
                + " acquisition; retrying in the background and before the next acquisition");
        Background.schedule(p, FIRST_RETRY_MILLIS);
    }

    /** Retries every pending release once (before an acquisition). */
    void retry() {
        for (Pending p : pending) {
            if (p.attempt()) {
                pending.remove(p);
            }
        }
    }

    /** One daemon thread for the whole JVM, started the first time anything is pending. */
    private static final class Background {
        private static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fslock-pending-releases");
            t.setDaemon(true);
            return t;
        });

        static void schedule(Pending p, long delayMillis) {
            EXECUTOR.schedule(() -> {
                if (!p.attempt()) {
                    schedule(p, Math.min(delayMillis * 2, LAST_RETRY_MILLIS));
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }
}
