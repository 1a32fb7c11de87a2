package dev.fslock.internal;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * A timeline of what an acquisition does, for finding where time goes (docs/protocol.md,
 * "Logging"): every spec step and every wait and wake-up, at TRACE on the logger
 * {@code dev.fslock.trace}, one line each: {@code NANOTIME PID THREAD WHO WHAT DETAIL}, with
 * {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux: comparable across processes). Off, it
 * costs one level check per event and builds no string.
 */
public final class Trace {
    private static final System.Logger LOG = System.getLogger("dev.fslock.trace");
    private static final long PID = ProcessHandle.current().pid();

    private Trace() {}

    /** Whether events are logged now (the logger's level may change at run time). */
    public static boolean on() {
        return LOG.isLoggable(Level.TRACE);
    }

    /**
     * {@link #event(String, String, Supplier)} with a detail already made: no lambda at the caller,
     * whose linkage every fslock run would pay at start-up (docs/cli.md, "Start-up").
     */
    public static void event(String who, String what, String detail) {
        if (on()) {
            event(who, what, () -> detail);
        }
    }

    /** Logs one event of {@code who} (an owner entry's nonce, a thread's role) if tracing is on. */
    public static void event(String who, String what, Supplier<String> detail) {
        if (on()) {
            long now = System.nanoTime();
            LOG.log(Level.TRACE, now + " " + PID + " " + Thread.currentThread().getName() + " " + who + " "
                    + what + " " + detail.get());
        }
    }
}
