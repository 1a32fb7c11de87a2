package dev.fslock.protocol;

import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The record auditors look for after the fact: every removal of another owner's entry, at INFO on
 * the logger {@code dev.fslock.breaks}, saying whose entry it was and why it was judged DEAD (or
 * that an operator forced it). docs/protocol.md, "Logging", says how to see it.
 */
public final class BreakLog {
    private static final System.Logger LOG = System.getLogger("dev.fslock.breaks");

    /**
     * Publishes a waiter's records while it goes on holding the lock. Not a daemon: a JVM that
     * ends normally waits for the records (the thread ends 50 ms after its last one).
     */
    private static final ExecutorService PUBLISHER = new ThreadPoolExecutor(0, 1, 50, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread t = new Thread(task, "fslock-break-log");
                t.setDaemon(false);
                return t;
            });
    private static volatile boolean prepared;

    private BreakLog() {}

    /**
     * Looks the logger up now, once per JVM: a waiter calls it before it first sleeps, so that
     * finding the logging backend (tens of ms in a fresh JVM) does not fall between a dead
     * holder's removal and the rename that takes the lock.
     */
    public static void prepare() {
        if (!prepared) {
            prepared = true;
            LOG.isLoggable(Level.INFO);
            publishLater(List.of()); // links the publisher's code now, not after a rename (its thread ends 50 ms later)
            new Removed(null, null, Optional.empty(), Liveness.DEAD, null, null); // loads the record's class now
        }
    }

    /**
     * Publishes {@code records} (calls of {@link #removed}) in a thread of their own: the first
     * record a JVM logs takes tens of ms (the logging backend starts up, formats its first date),
     * which must not delay an acquisition that has just taken a dead holder's lock.
     *
     * @return done once every record was published
     */
    static Future<?> publishLater(List<Runnable> records) {
        try {
            return PUBLISHER.submit(() -> records.forEach(Runnable::run));
        } catch (RejectedExecutionException e) {
            records.forEach(Runnable::run);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A removal to publish later ({@link #publishLater}): see {@link #removed}. */
    static final class Removed implements Runnable {
        private final LockLayout layout;
        private final String entryName;
        private final Optional<OwnerId> owner;
        private final Liveness verdict;
        private final ProcessIdentity self;
        private final String by;

        Removed(LockLayout layout, String entryName, Optional<OwnerId> owner, Liveness verdict, ProcessIdentity self,
                String by) {
            this.layout = layout;
            this.entryName = entryName;
            this.owner = owner;
            this.verdict = verdict;
            this.self = self;
            this.by = by;
        }

        @Override
        public void run() {
            removed(layout, entryName, owner, verdict, self, by);
        }
    }

    /**
     * @param self the process that removed it, if known: lets the evidence say "an earlier boot"
     * @param by   who removed it: "a waiting acquirer", "fslock break", ...
     */
    public static void removed(LockLayout layout, String entryName, Optional<OwnerId> owner, Liveness verdict,
                               ProcessIdentity self, String by) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        String whose = owner.map(o -> "of " + o.process().describe() + " (start " + o.process().startTime() + ")")
                .orElse("that this fslock cannot read");
        LOG.log(Level.INFO, "lock " + layout.lock() + ": removed the entry " + entryName + " " + whose + ", " + verdict
                + ": " + evidence(owner, verdict, self) + "; removed by " + by);
    }

    /** Why the owner was judged as it was, from its identity and the remover's. */
    static String evidence(Optional<OwnerId> owner, Liveness verdict, ProcessIdentity self) {
        if (verdict != Liveness.DEAD || owner.isEmpty()) {
            return "its liveness cannot be judged from here; removed on an operator's request (--force)";
        }
        ProcessIdentity dead = owner.get().process();
        if (self != null && dead.sameHostAs(self) && !dead.bootId().equals(self.bootId())) {
            return "it ran in an earlier boot of this host (boot id " + dead.bootId() + ", now " + self.bootId() + ")";
        }
        return "no process with pid " + dead.pid() + " and start time " + dead.startTime() + " runs in boot "
                + dead.bootId() + ", PID namespace " + dead.pidNamespace() + " (the pid is gone, a zombie, or reused"
                + " by a later process)";
    }
}
