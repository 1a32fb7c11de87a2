package dev.fslock.protocol;

import dev.fslock.NotALockException;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import dev.fslock.process.Liveness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Breaks a lock on an operator's request ({@code fslock break}). Without force it does what every
 * waiting acquirer does (spec BreakEntry, RmdirLock and the sweep): it removes only what belongs to
 * DEAD owners, each by its unique name. With force it also removes entries and leftovers of UNKNOWN
 * owners: that is outside the spec's guarantees, a human's decision that those owners are gone. An
 * ALIVE owner's entry is never removed, and neither is anything fslock did not make: a lock path
 * that is not a lock ({@link LockContents}) is refused before anything is removed, with or without
 * force.
 */
public final class LockBreaker {
    private final LockLayout layout;
    private final FileOps fs;
    private final OwnerJudge judge;

    public LockBreaker(LockLayout layout, FileOps fs, OwnerJudge judge) {
        this.layout = layout;
        this.fs = fs;
        this.judge = judge;
    }

    /** One thing found, and what was done with it. */
    public record Action(String path, String owner, Liveness liveness, boolean removed, String why) {}

    /** @throws NotALockException if the lock path holds something fslock did not make; nothing is removed then */
    public List<Action> breakLock(boolean force) throws IOException {
        LockContents.Verdict verdict = LockContents.examine(layout, fs);
        if (!verdict.isLock()) {
            throw LockContents.notALock(layout, verdict);
        }
        List<Action> actions = new ArrayList<>();
        if (verdict.kind() == FileKind.DIRECTORY) {
            breakEntries(verdict.entries(), force, actions);
        }
        sweepLeftovers(force, actions);
        return actions;
    }

    private void breakEntries(List<String> entries, boolean force, List<Action> actions) throws IOException {
        boolean removedAny = false;
        for (String name : entries) {
            Optional<OwnerId> owner = OwnerId.parse(name);
            Liveness verdict = judge.judge(owner, List.of(layout.entry(name)));
            String who = owner.map(o -> o.process().describe()).orElse("an entry this fslock cannot read");
            String path = layout.entry(name).toString();
            if (verdict == Liveness.DEAD || (force && verdict == Liveness.UNKNOWN)) {
                boolean removed = fs.deleteFile(layout.entry(name));
                removedAny |= removed;
                if (removed) {
                    BreakLog.removed(layout, name, owner, verdict, null, "fslock break" + (force ? " --force" : ""));
                }
                actions.add(new Action(path, who, verdict, removed, removed ? reason(verdict) : "already gone"));
            } else {
                actions.add(new Action(path, who, verdict, false, keptBecause(verdict)));
            }
        }
        if (removedAny && fs.deleteEmptyDirectory(layout.lock()) == RmdirResult.REMOVED) {
            actions.add(new Action(layout.lock().toString(), "-", Liveness.DEAD, true, "lock directory left empty"));
        }
    }

    private void sweepLeftovers(boolean force, List<Action> actions) throws IOException {
        for (String name : fs.list(layout.parent())) {
            Optional<LockLayout.Leftover> leftover = layout.leftover(name);
            if (leftover.isEmpty()) {
                continue;
            }
            OwnerId owner = leftover.get().owner();
            Liveness verdict = judge.judge(Optional.of(owner), List.of(layout.tempEntry(owner), layout.entry(owner)));
            String path = layout.parent().resolve(name).toString();
            if (verdict == Liveness.DEAD || (force && verdict == Liveness.UNKNOWN)) {
                String outcome;
                if (leftover.get().isTempDir()) {
                    fs.deleteFile(layout.tempEntry(owner));
                    RmdirResult rmdir = fs.deleteEmptyDirectory(layout.tempDir(owner));
                    outcome = rmdir == RmdirResult.REMOVED ? reason(verdict)
                            : rmdir == RmdirResult.ABSENT ? "already gone" : "not empty: holds files fslock did not put there";
                } else {
                    outcome = fs.deleteFile(layout.fenceTemp(owner)) ? reason(verdict) : "already gone";
                }
                boolean removed = outcome.equals(reason(verdict));
                actions.add(new Action(path, owner.process().describe(), verdict, removed, "leftover: " + outcome));
            } else {
                actions.add(new Action(path, owner.process().describe(), verdict, false, "leftover: " + keptBecause(verdict)));
            }
        }
    }

    private static String reason(Liveness verdict) {
        return verdict == Liveness.DEAD ? "owner is dead" : "owner UNKNOWN, removed with --force";
    }

    private static String keptBecause(Liveness verdict) {
        return verdict == Liveness.ALIVE ? "owner is alive" : "owner UNKNOWN; --force removes it";
    }
}
