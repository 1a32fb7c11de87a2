package dev.fslock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Linux failure detector: reads {@code /proc/PID/stat}. Perfect for owners on this host, boot
 * and PID namespace: DEAD when the pid is gone, is a zombie, or started at another time (reused).
 */
public final class ProcLivenessProbe implements LivenessProbe {
    private final ProcessIdentity self;
    private final Path proc;
    private final boolean pidsHidden;

    public ProcLivenessProbe(ProcessIdentity self, Path proc) {
        this.self = self;
        this.proc = proc;
        this.pidsHidden = procHidesPids(proc);
    }

    @Override
    public Liveness probe(ProcessIdentity owner) {
        if (!owner.sameHostAs(self)) {
            return Liveness.UNKNOWN;
        }
        if (isUnknown(owner.bootId()) || isUnknown(self.bootId())) {
            return Liveness.UNKNOWN;
        }
        if (!owner.bootId().equals(self.bootId())) {
            return Liveness.DEAD; // same host, an earlier boot: every process of that boot is gone
        }
        if (isUnknown(owner.pidNamespace()) || !owner.pidNamespace().equals(self.pidNamespace())) {
            return Liveness.UNKNOWN;
        }
        if (owner.equals(self)) {
            return Liveness.ALIVE;
        }
        if (!owner.startTime().startsWith("k")) {
            return Liveness.UNKNOWN; // written without /proc: its start time is not comparable
        }
        return probeStat(owner);
    }

    private Liveness probeStat(ProcessIdentity owner) {
        Optional<ProcStat> stat;
        try {
            stat = ProcStat.parse(Files.readString(proc.resolve(owner.pid() + "/stat"), StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            // With hidepid, other users' live processes are invisible too.
            return pidsHidden ? Liveness.UNKNOWN : Liveness.DEAD;
        } catch (IOException e) {
            return Liveness.UNKNOWN;
        }
        if (stat.isEmpty()) {
            return Liveness.UNKNOWN;
        }
        if (stat.get().exited() || !stat.get().startTime().equals(owner.startTime())) {
            return Liveness.DEAD;
        }
        return Liveness.ALIVE;
    }

    private static boolean isUnknown(String field) {
        return ProcessIdentity.UNKNOWN_FIELD.equals(field);
    }

    /** True if /proc is mounted with hidepid (other users' pids invisible): absence proves nothing then. */
    private static boolean procHidesPids(Path proc) {
        Optional<String> mounts = LocalProcess.readTrimmed(proc.resolve("self/mounts"));
        if (mounts.isEmpty()) {
            return true;
        }
        for (String line : mounts.get().split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 4 && f[2].equals("proc") && f[1].equals(proc.toString())) {
                // Any hidepid but off hides some live pids: 1/noaccess, 2/invisible, 4/ptraceable.
                for (String option : f[3].split(",")) {
                    if (option.startsWith("hidepid=")) {
                        String value = option.substring("hidepid=".length());
                        return !value.equals("0") && !value.equals("off");
                    }
                }
                return false;
            }
        }
        return false;
    }
}
