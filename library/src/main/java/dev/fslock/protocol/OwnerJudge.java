package dev.fslock.protocol;

import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges an owner as spec/FsLock.tla's ProbeAnswers does: the failure detector's verdict, except
 * that an owner whose entry file is kernel-locked is ALIVE whatever the detector says (the veto).
 * A DEAD verdict thus needs two independent observations: /proc says the process is gone, and
 * nobody holds the lock on its entry. Every judge of owners uses this class: acquire and sweep,
 * {@code fslock break} and {@code fslock status}.
 */
public final class OwnerJudge {
    private static final System.Logger LOG = System.getLogger(OwnerJudge.class.getName());
    /** Owners already reported as vetoed: the warning is worth one line per owner, not one per probe. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED = 1000;

    private final LivenessProbe liveness;
    private final FileOps fs;

    public OwnerJudge(LivenessProbe liveness, FileOps fs) {
        this.liveness = liveness;
        this.fs = fs;
    }

    /**
     * @param owner       the owner an entry name names; empty for a name that does not parse (UNKNOWN)
     * @param entryFiles  where that owner's entry file may be (in P, in its temp directory)
     */
    public Liveness judge(Optional<OwnerId> owner, List<Path> entryFiles) {
        if (owner.isEmpty()) {
            return Liveness.UNKNOWN;
        }
        Liveness verdict = liveness.probe(owner.get().process());
        if (verdict != Liveness.DEAD) {
            return verdict;
        }
        for (Path file : entryFiles) {
            if (lockState(file) == EntryLockState.HELD) {
                warnOnce(owner.get(), file);
                return Liveness.ALIVE;
            }
        }
        return Liveness.DEAD;
    }

    private EntryLockState lockState(Path file) {
        try {
            return fs.entryLock(file);
        } catch (IOException e) {
            return EntryLockState.UNKNOWN; // no veto: the detector's verdict stands
        }
    }

    private static void warnOnce(OwnerId owner, Path file) {
        String name = owner.entryName();
        if (WARNED.size() < MAX_WARNED && WARNED.add(name)) {
            LOG.log(Level.WARNING, "the liveness probe judged " + owner.process().describe() + " dead, but a live"
                    + " process holds the kernel lock on its entry " + file + ": the probe is wrong in this"
                    + " environment (please report it), and the entry is kept");
        }
    }
}
