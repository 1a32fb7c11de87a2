package dev.fslock.process;

import dev.fslock.internal.Ascii;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who a process is, unambiguously for as long as it may own a lock: host name, boot id, PID
 * namespace, pid and start time. A restarted process, or a new process that reuses the pid, is a
 * different identity because its start time differs.
 *
 * @param host         host name (the UTS name on Linux)
 * @param bootId       /proc/sys/kernel/random/boot_id without dashes, or {@link #UNKNOWN_FIELD}
 * @param pidNamespace the inode number of /proc/self/ns/pid, or {@link #UNKNOWN_FIELD}
 * @param pid          the process id within that namespace
 * @param startTime    {@code k<ticks>}: start time in clock ticks after boot, from /proc/PID/stat,
 *                     in the initial time namespace (Linux; see docs/probe-soundness.md); or
 *                     {@code m<millis>}: {@code ProcessHandle.Info.startInstant} in epoch
 *                     milliseconds (other systems), {@code m0} if unknown
 */
public record ProcessIdentity(String host, String bootId, String pidNamespace, long pid, String startTime) {
    public static final String UNKNOWN_FIELD = "-";
    /** The start time of a process whose start cannot be read: {@code m0}. */
    public static final String UNKNOWN_START = "m0";
    private static final String TICKS_TAG = "k";
    private static final String MILLIS_TAG = "m";

    public ProcessIdentity {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        // The checks are regular expressions written out (Ascii): -|[0-9a-f]{32}, -|[0-9]{1,20}, [km][0-9]{1,20}.
        if (!bootId.equals(UNKNOWN_FIELD) && !Ascii.isLowerHex(bootId, 32, 32)) {
            throw new IllegalArgumentException("boot id must be 32 hex digits or '-': " + bootId);
        }
        if (!pidNamespace.equals(UNKNOWN_FIELD) && !Ascii.isDigits(pidNamespace, 1, 20)) {
            throw new IllegalArgumentException("PID namespace must be digits or '-': " + pidNamespace);
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        if (startTime.isEmpty() || (!startTime.startsWith(TICKS_TAG) && !startTime.startsWith(MILLIS_TAG))
                || !Ascii.isDigits(startTime.substring(1), 1, 20)) {
            throw new IllegalArgumentException("start time must be k<ticks> or m<millis>: " + startTime);
        }
    }

    /** This JVM's identity. */
    public static ProcessIdentity current() {
        return LocalProcess.identity();
    }

    /**
     * The identity of process {@code pid} of this host, as the owner entry of a co-owner names it
     * (see {@code LockHandle.addCoOwner}): host, boot id and PID namespace are this process's, the
     * start time is read now. Empty if the process is gone (or has exited). The caller must know
     * that {@code pid} still denotes the process it means, e.g. a child it has not reaped yet.
     *
     * @throws IOException if this system cannot name its processes reliably (on Linux: /proc is
     *                     missing or belongs to another PID namespace, or this time namespace's
     *                     offset is unknown); the message says why and what to do
     */
    public static Optional<ProcessIdentity> ofLocalProcess(long pid) throws IOException {
        return LocalProcess.other(pid);
    }

    /** The start time field for a start read from /proc: {@code k<ticks>}, in the initial time namespace. */
    public static String ticksStart(long ticks) {
        return TICKS_TAG + ticks;
    }

    /** The start time field for a start from {@code ProcessHandle}: {@code m<epoch millis>}. */
    public static String millisStart(long epochMillis) {
        return MILLIS_TAG + epochMillis;
    }

    /** The start time in clock ticks if it was read from /proc ({@code k<ticks>}). */
    OptionalLong startTicks() {
        return startTime.startsWith(TICKS_TAG) ? ProcFs.parseLong(startTime.substring(1)) : OptionalLong.empty();
    }

    /** Whether the start time came from {@code ProcessHandle} ({@code m<millis>}, {@link #UNKNOWN_START} too). */
    boolean hasMillisStart() {
        return startTime.startsWith(MILLIS_TAG);
    }

    public boolean sameHostAs(ProcessIdentity other) {
        return host.equals(other.host);
    }

    /** A short human form: {@code pid 1234 on host}. */
    public String describe() {
        return "pid " + pid + " on " + host;
    }
}
