package dev.fslock.process;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Linux failure detector: reads {@code /proc/PID/stat}. DEAD only when certain, for owners on
 * this host, boot and PID namespace: the pid is gone, the whole process is a zombie, or the pid
 * carries a start time more than one tick away (reused). docs/probe-soundness.md lists every
 * environment we know of, the verdict given there and why it is sound.
 *
 * <p>A DEAD verdict is re-established before it is given: the procfs must be our PID namespace's
 * (else /proc/PID is another process), must show every pid (for "gone": no hidepid on the
 * mount on top at /proc), and a second read must agree. ALIVE and UNKNOWN need no such care: they
 * never break a lock.
 */
final class ProcLivenessProbe implements LivenessProbe {
    private static volatile boolean prepared;

    private final ProcessIdentity self;
    private final ProcFs proc;
    private final BootTimeOffset offset;
    private final boolean otherBootIsDead;

    /**
     * @param otherBootIsDead whether an owner of this host name with another boot id is certainly
     *                        dead: only where the lock's filesystem can be mounted by one running
     *                        kernel at a time ({@link #forLocksOn})
     */
    ProcLivenessProbe(ProcessIdentity self, ProcFs proc, BootTimeOffset offset, boolean otherBootIsDead) {
        this.self = self;
        this.proc = proc;
        this.offset = offset;
        this.otherBootIsDead = otherBootIsDead;
    }

    @Override
    public LivenessProbe forLocksOn(String fileSystemType) {
        return new ProcLivenessProbe(self, proc, offset, SingleKernelFileSystems.contains(fileSystemType));
    }

    /**
     * Runs the checks a DEAD verdict re-establishes ({@link #trustworthy}) once per JVM, for their
     * side effects only: the JVM loads and links their code, and {@link ProcFs} keeps its parse of
     * the mount table. The results are thrown away: each verdict checks again.
     */
    @Override
    public void prepare() {
        if (!prepared) {
            prepared = true;
            proc.isOwnPidNamespace(self.pid());
            proc.showsAllPids();
        }
    }

    @Override
    public Liveness probe(ProcessIdentity owner) {
        if (owner.equals(self)) {
            return Liveness.ALIVE; // also where nothing else can be judged (no /proc)
        }
        if (!owner.sameHostAs(self)) {
            return Liveness.UNKNOWN;
        }
        if (isUnknown(owner.bootId()) || isUnknown(self.bootId())) {
            return Liveness.UNKNOWN;
        }
        if (!owner.bootId().equals(self.bootId())) {
            // Another boot of this host, or another machine or VM that got the same host name:
            // only a filesystem that no second running kernel can have mounted tells them apart.
            return otherBootIsDead ? Liveness.DEAD : Liveness.UNKNOWN;
        }
        if (isUnknown(owner.pidNamespace()) || !owner.pidNamespace().equals(self.pidNamespace())) {
            return Liveness.UNKNOWN;
        }
        OptionalLong recorded = owner.startTicks();
        if (recorded.isEmpty()) {
            return Liveness.UNKNOWN; // written without /proc: its start time is not comparable
        }
        Verdict first = judge(owner.pid(), recorded.getAsLong());
        if (first.liveness() != Liveness.DEAD) {
            return first.liveness();
        }
        // Re-establish what DEAD rests on, then read again: a remount or a mount on top of /proc
        // between the read and the check must not turn "hidden" into "gone".
        if (!trustworthy(first) || judge(owner.pid(), recorded.getAsLong()) != first || !trustworthy(first)) {
            return Liveness.UNKNOWN;
        }
        return Liveness.DEAD;
    }

    /** What one read of /proc/PID/stat says, before the checks that a DEAD verdict needs. */
    private enum Verdict {
        ALIVE(Liveness.ALIVE), UNKNOWN(Liveness.UNKNOWN), GONE(Liveness.DEAD), EXITED(Liveness.DEAD),
        REUSED(Liveness.DEAD);

        private final Liveness liveness;

        Verdict(Liveness liveness) {
            this.liveness = liveness;
        }

        Liveness liveness() {
            return liveness;
        }
    }

    private Verdict judge(long pid, long recordedTicks) {
        Optional<ProcStat> stat;
        try {
            stat = ProcStat.parse(proc.readOrThrow(pid + "/stat"));
        } catch (NoSuchFileException e) {
            return Verdict.GONE;
        } catch (IOException | RuntimeException e) {
            return Verdict.UNKNOWN; // e.g. hidepid=1: the directory is there, its files are not ours to read
        }
        if (stat.isEmpty() || stat.get().undetermined()) {
            return Verdict.UNKNOWN;
        }
        if (stat.get().exited()) {
            return Verdict.EXITED;
        }
        OptionalLong start = offset.normalize(stat.get().startTicks());
        if (start.isEmpty()) {
            return Verdict.UNKNOWN; // our time namespace's offset is unknown: a mismatch would prove nothing
        }
        // Within one tick: the same process (see BootTimeOffset on rounding). A reused pid started later.
        return Math.abs(start.getAsLong() - recordedTicks) <= 1 ? Verdict.ALIVE : Verdict.REUSED;
    }

    private boolean trustworthy(Verdict verdict) {
        if (!proc.isOwnPidNamespace(self.pid())) {
            return false; // /proc/PID there is not our pid PID
        }
        return verdict != Verdict.GONE || proc.showsAllPids();
    }

    private static boolean isUnknown(String field) {
        return ProcessIdentity.UNKNOWN_FIELD.equals(field);
    }
}
