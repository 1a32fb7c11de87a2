package dev.fslock;

import dev.fslock.internal.Durations;
import dev.fslock.protocol.Shell;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/** The words fslock says when it cannot give you the lock: who holds it, and the exact remedy. */
final class Diagnostics {
    private Diagnostics() {}

    static String timeout(LockStatus status, Duration waited) {
        String lock = status.lock().toString();
        String head = (waited.isZero() ? "lock " + lock + " is busy" : "timed out after " + Durations.human(waited)
                + " waiting for lock " + lock) + ": ";
        return head + switch (status.state()) {
            case FREE -> "it was released just as the wait ended; try again.";
            // Only if the lock path changed during the wait: a first look refuses a non-lock at once.
            case FOREIGN -> lock + " is now a " + status.foreignKind() + " that fslock did not make, not a lock; fslock"
                    + " never removes it: use another lock path.";
            case HELD -> held(status);
        };
    }

    private static String held(LockStatus status) {
        Instant now = status.observedAt();
        String lock = quote(status.lock().toString());
        String holders = status.holders().stream().map(h -> h.describe(now)).collect(Collectors.joining("; "));
        boolean unknown = status.holders().stream().anyMatch(h -> h.liveness() == Liveness.UNKNOWN);
        boolean dead = status.holders().stream().anyMatch(h -> h.liveness() == Liveness.DEAD);
        String remedy;
        if (unknown) {
            remedy = "Whether it is alive cannot be judged from here (another host or PID namespace, or an entry this"
                    + " fslock cannot read), so fslock will never break it by itself. If you are certain it has ended, run:"
                    + " fslock break --force " + lock + " (warning: if it still runs, two processes will hold the lock).";
        } else if (dead) {
            remedy = "It has died; the next attempt removes its entry, or run: fslock break " + lock;
        } else {
            remedy = "It is alive: wait longer, or stop that process.";
        }
        return "held by " + holders + ". " + remedy;
    }

    private static String quote(String path) {
        return Shell.quote(path);
    }
}
