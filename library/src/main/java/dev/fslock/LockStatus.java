package dev.fslock;

import dev.fslock.internal.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at a lock ({@link FsLock#status()}): who holds it, whether they are alive,
 * since when, and what lies beside it.
 *
 * @param lock        the lock path
 * @param state       free, held, or occupied by something fslock did not make (not a lock)
 * @param foreignKind for {@link State#FOREIGN}: what is at the lock path ("regular file", "symbolic link",
 *                    "special file", "directory" holding files fslock did not make, "empty directory"
 *                    without the lock's fence); empty for a lock
 * @param holders     the owner entries (empty when free); a lock run by {@code fslock run} has two:
 *                    the fslock process and its command
 * @param foreignNames names in the lock directory that are not owner entries: any one makes it not
 *                    a lock (state {@link State#FOREIGN}, kind "directory"); fslock never removes them
 * @param leftovers   temp files of acquisitions in progress or of crashed processes
 * @param lastToken   the last fencing token handed out (0 if none yet, -1 if the fence file cannot be
 *                    read)
 * @param observedAt  when this look was taken
 */
public record LockStatus(Path lock, State state, String foreignKind, List<Holder> holders, List<String> foreignNames,
                         List<Leftover> leftovers, long lastToken, Instant observedAt) {

    /** FREE and HELD: a lock; FOREIGN: something fslock did not make is at the lock path. */
    public enum State {
        /** Nobody holds the lock: no lock directory, or an empty one being removed. */
        FREE,
        /** The lock directory holds one or more owner entries. */
        HELD,
        /** Something fslock did not make is at the lock path: it is not a lock, and fslock leaves it alone. */
        FOREIGN
    }

    /**
     * One owner entry.
     *
     * @param entryName the entry's file name in the lock directory
     * @param process   the owner's identity; empty if this version cannot parse the name (an entry of
     *                  another fslock version, or made by hand): an owner whose liveness is UNKNOWN
     * @param liveness  the failure detector's verdict
     * @param label     the holder's label (may be empty)
     * @param since     when the entry was written
     * @param command   the holder's command line, as it recorded it (may be empty)
     */
    public record Holder(String entryName, Optional<OwnerProcess> process, Liveness liveness, String label,
                         Optional<Instant> since, String command) {

        /**
         * How long this owner has held the lock.
         *
         * @param now the time to measure to, normally {@link LockStatus#observedAt()}
         * @return the time since its entry was written; empty if unknown or in the future
         */
        public Optional<Duration> heldFor(Instant now) {
            return since.map(s -> Duration.between(s, now)).filter(d -> !d.isNegative());
        }

        /**
         * A short human form: {@code pid 1234 on host (label "x", ALIVE, held for 3m12s)}.
         *
         * @param now the time to measure how long it was held to
         * @return the description
         */
        public String describe(Instant now) {
            StringBuilder s = new StringBuilder(process.map(OwnerProcess::describe).orElse("entry " + entryName + " that this fslock cannot read"));
            s.append(" (");
            if (!label.isEmpty()) {
                s.append("label \"").append(label).append("\", ");
            }
            s.append(liveness);
            heldFor(now).ifPresent(d -> s.append(", held for ").append(Durations.human(d)));
            return s.append(')').toString();
        }
    }

    /**
     * A temp directory or fence temp file beside the lock, and its owner's liveness.
     *
     * @param fileName its name in the lock's directory
     * @param process  the process of the acquisition that made it
     * @param liveness the failure detector's verdict on that process
     */
    public record Leftover(String fileName, OwnerProcess process, Liveness liveness) {}

    /**
     * The process that owns an entry, as its name records it: unambiguous for as long as it may own
     * a lock, since a new process that reuses the pid has another start time.
     *
     * @param host         host name (the UTS name on Linux)
     * @param bootId       the boot id of that host's running kernel without dashes, or {@code -} if unknown
     * @param pidNamespace the inode number of the process's PID namespace, or {@code -} if unknown
     * @param pid          the process id within that namespace
     * @param startTime    {@code k<ticks>}: start time in clock ticks after boot (Linux); or
     *                     {@code m<millis>}: start time in epoch milliseconds (other systems),
     *                     {@code m0} if unknown
     */
    public record OwnerProcess(String host, String bootId, String pidNamespace, long pid, String startTime) {
        /**
         * A short human form.
         *
         * @return {@code pid 1234 on host}
         */
        public String describe() {
            return "pid " + pid + " on " + host;
        }
    }

    /**
     * Whether nobody holds the lock.
     *
     * @return true if the state is {@link State#FREE}
     */
    public boolean isFree() {
        return state == State.FREE;
    }
}
