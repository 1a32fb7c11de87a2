package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.LockStatus;
import dev.fslock.internal.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Says on stderr who holds the lock while {@code fslock run} waits for it: nothing in the first
 * second, then a look at the lock every second, shown as the {@link WaitDisplay} chosen at that
 * moment decides (in place on a terminal, now and then otherwise). Closing it (the wait is over:
 * acquired, timed out, interrupted by a signal) ends the display, and nothing is printed after.
 */
final class WaitReporter implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofSeconds(1);

    /**
     * What a waiter sees of the lock.
     *
     * @param lock        the lock's full name (an absolute path)
     * @param shortName   a shorter one, for a terminal's line (the path's file name)
     * @param holders     who holds it, in words
     * @param holderNames who holds it, as names that tell when the lock changed hands
     */
    record Sight(String lock, String shortName, String holders, Set<String> holderNames) {}

    /** Takes a look at the lock. Another kind of lock brings its own. */
    interface Lookout {
        Sight look() throws IOException;

        /** An fslock lock: its status, the holders as LockStatus describes them. */
        static Lookout of(FsLock lock) {
            return new Lookout() { // a class, not a lambda: start-up (docs/cli.md)
                @Override
                public Sight look() throws IOException {
                    return sight(lock.status());
                }
            };
        }
    }

    private final Lookout lookout;
    private final Supplier<WaitDisplay> displays;
    private final long started = System.nanoTime();
    private final Thread thread;
    private WaitDisplay display; // guarded by this: chosen at the first look
    private boolean done; // guarded by this

    /**
     * Starts reporting on a thread of its own.
     *
     * @param displays chooses the display, once, when there is something to show (it may start a process)
     */
    WaitReporter(Lookout lookout, Supplier<WaitDisplay> displays) {
        this.lookout = lookout;
        this.displays = displays;
        this.thread = new Thread("fslock-wait-reporter") { // a class, not a method reference: start-up (docs/cli.md)
            @Override
            public void run() {
                report();
            }
        };
        thread.setDaemon(true);
        thread.start();
    }

    private void report() {
        try {
            WaitDisplay chosen = null;
            for (long next = started + PERIOD.toNanos(); ; next += PERIOD.toNanos()) {
                if (!sleepUntil(next)) {
                    return;
                }
                Sight sight;
                try {
                    sight = lookout.look();
                } catch (IOException e) {
                    continue; // e.g. the lock changed hands while being read: look again next time
                }
                if (chosen == null) {
                    chosen = displays.get();
                }
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    display = chosen;
                    Duration waited = Duration.ofNanos(System.nanoTime() - started);
                    display.update(sight, waited);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            // Only a progress message: the acquisition goes on, and its own errors are reported.
        }
    }

    /** @return false once closed */
    private synchronized boolean sleepUntil(long deadline) throws InterruptedException {
        while (!done && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return !done;
    }

    /** {@code fslock: waiting 3.0s for lock /path/x.lock: held by pid 1234 on host (label "x", ALIVE, held for 5m10s)}. */
    static String line(Sight sight, Duration waited) {
        return "fslock: waiting " + Durations.human(waited) + " for lock " + sight.lock() + ": " + sight.holders();
    }

    /** As {@link #line}, with the lock's short name, for a terminal's status line. */
    static String shortLine(Sight sight, Duration waited) {
        return "fslock: waiting " + Durations.human(waited) + " for " + sight.shortName() + ": " + sight.holders();
    }

    static Sight sight(LockStatus status) {
        Instant now = status.observedAt();
        String who = switch (status.state()) {
            case HELD -> "held by " + status.holders().stream().map(h -> h.describe(now)).collect(Collectors.joining("; "));
            case FREE -> "it is changing hands";
            case FOREIGN -> "a " + status.foreignKind() + " is in its place";
        };
        Set<String> names = status.holders().stream().map(LockStatus.Holder::entryName).collect(Collectors.toSet());
        return new Sight(status.lock().toString(), String.valueOf(status.lock().getFileName()), who, names);
    }

    /** The wait is over: the display ends (a status line is erased), and nothing more is printed. */
    @Override
    public synchronized void close() {
        done = true;
        if (display != null) {
            display.end();
        }
        notifyAll();
    }
}
