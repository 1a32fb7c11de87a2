package dev.fslock.process;

import dev.fslock.internal.Ascii;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads this process's identity once: from /proc on Linux, from ProcessHandle elsewhere. Start
 * times on Linux are normalized to the initial time namespace ({@link BootTimeOffset}), so that
 * every reader on this boot gets the same number for one process.
 */
final class LocalProcess {
    private static final String NAMESPACE_LINK_START = "pid:[";
    private static volatile ProcessIdentity identity;
    private static volatile BootTimeOffset offset;

    private LocalProcess() {}

    static boolean isLinux() {
        return System.getProperty("os.name", "").equals("Linux");
    }

    static ProcessIdentity identity() {
        ProcessIdentity id = identity;
        if (id == null) {
            id = detect(ProcFs.SYSTEM, ProcessHandle.current().pid(), offset());
            identity = id;
        }
        return id;
    }

    /** This process's boot-time offset (read once: a process does not change its time namespace). */
    static BootTimeOffset offset() {
        BootTimeOffset o = offset;
        if (o == null) {
            o = BootTimeOffset.read(ProcFs.SYSTEM);
            offset = o;
        }
        return o;
    }

    static ProcessIdentity detect(ProcFs proc, long pid, BootTimeOffset offset) {
        return new ProcessIdentity(hostName(proc), bootId(proc), pidNamespace(proc), pid, startTime(proc, offset));
    }

    // Plain code, no lambdas or method references, here and below: each one costs every fslock run
    // its linkage at start-up (docs/cli.md, "Start-up").
    private static String hostName(ProcFs proc) {
        Optional<String> uts = proc.read("sys/kernel/hostname");
        if (uts.isPresent() && !uts.get().trim().isEmpty()) {
            return uts.get().trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String bootId(ProcFs proc) {
        Optional<String> read = proc.read("sys/kernel/random/boot_id");
        if (read.isEmpty()) {
            return ProcessIdentity.UNKNOWN_FIELD;
        }
        String id = read.get().trim().replace("-", "").toLowerCase(Locale.ROOT);
        return Ascii.isLowerHex(id, 32, 32) ? id : ProcessIdentity.UNKNOWN_FIELD;
    }

    private static String pidNamespace(ProcFs proc) {
        // pid:\[([0-9]+)], the number
        Optional<String> link = proc.link("self/ns/pid");
        if (link.isEmpty() || !link.get().startsWith(NAMESPACE_LINK_START) || !link.get().endsWith("]")) {
            return ProcessIdentity.UNKNOWN_FIELD;
        }
        String number = link.get().substring(NAMESPACE_LINK_START.length(), link.get().length() - 1);
        return Ascii.isDigits(number, 1, Integer.MAX_VALUE) ? number : ProcessIdentity.UNKNOWN_FIELD;
    }

    /**
     * Our own start time. /proc/self is always this process, also in a procfs of another PID
     * namespace. Where it cannot be read or normalized, "m0": Linux probes answer UNKNOWN for such
     * an owner, which can only keep a lock held too long, never break a live one.
     */
    private static String startTime(ProcFs proc, BootTimeOffset offset) {
        if (!isLinux()) {
            return ProcessHandle.current().info().startInstant().map(i -> ProcessIdentity.millisStart(i.toEpochMilli()))
                    .orElse(ProcessIdentity.UNKNOWN_START);
        }
        Optional<String> content = proc.read("self/stat");
        Optional<ProcStat> stat = content.isPresent() ? ProcStat.parse(content.get()) : Optional.empty();
        OptionalLong ticks = stat.isPresent() ? offset.normalize(stat.get().startTicks()) : OptionalLong.empty();
        return ticks.isPresent() ? ProcessIdentity.ticksStart(ticks.getAsLong()) : ProcessIdentity.UNKNOWN_START;
    }

    /**
     * The identity of another process of this host, boot and PID namespace, with its start time in
     * the form this host's probe compares; empty if it is gone (or has exited).
     *
     * @throws IOException if this system cannot name it: on Linux, /proc is missing or belongs to
     *                     another PID namespace, or our time namespace's offset is unknown
     */
    static Optional<ProcessIdentity> other(long pid) throws IOException {
        ProcessIdentity self = identity();
        if (!isLinux()) {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info().startInstant())
                    .map(i -> new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), pid,
                            ProcessIdentity.millisStart(i.toEpochMilli())));
        }
        return other(ProcFs.SYSTEM, self, offset(), pid);
    }

    static Optional<ProcessIdentity> other(ProcFs proc, ProcessIdentity self, BootTimeOffset offset, long pid)
            throws IOException {
        if (!proc.isOwnPidNamespace(self.pid())) {
            throw new IOException("cannot name process " + pid + ": " + proc.path("")
                    + " is missing or is the procfs of another PID namespace, where pid " + pid
                    + " is another process; mount a procfs for this PID namespace (unshare --mount-proc,"
                    + " or mount -t proc proc /proc in a new mount namespace)");
        }
        String content;
        try {
            content = proc.readOrThrow(pid + "/stat");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Optional<ProcStat> stat = ProcStat.parse(content);
        if (stat.isEmpty()) {
            throw new IOException("cannot parse " + proc.path(pid + "/stat") + ": " + content.trim());
        }
        if (stat.get().exited() || stat.get().undetermined()) {
            return Optional.empty();
        }
        OptionalLong start = offset.normalize(stat.get().startTicks());
        if (start.isEmpty()) {
            throw new IOException("cannot name process " + pid + ": its start time cannot be normalized to the"
                    + " initial time namespace (" + offset + "); run in a time namespace entered with"
                    + " unshare -T --fork, or in none");
        }
        return Optional.of(new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), pid,
                ProcessIdentity.ticksStart(start.getAsLong())));
    }
}
