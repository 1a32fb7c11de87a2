package dev.fslock.protocol;

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
 * DEAD owners, each by its unique name. With force it also removes entries of UNKNOWN owners and a
 * foreign object at P: that is outside the spec's guarantees, a human's decision that those owners
 * are gone. An ALIVE owner's entry is never removed.
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

    public List<Action> breakLock(boolean force) throws IOException {
        List<Action> actions = new ArrayList<>();
        FileKind kind = fs.kind(layout.lock());
        if (kind == FileKind.DIRECTORY) {
            breakEntries(force, actions);
        } else if (kind != FileKind.ABSENT) {
            breakForeign(kind, force, actions);
        }
        sweepLeftovers(force, actions);
        return actions;
    }

    private void breakEntries(boolean force, List<Action> actions) throws IOException {
        boolean removedAny = false;
        for (String name : fs.list(layout.lock())) {
            Optional<OwnerId> owner = OwnerId.parse(name);
            Liveness verdict = judge.judge(owner, List.of(layout.entry(name)));
            String who = owner.map(o -> o.process().describe()).orElse("unparseable entry name");
            String path = layout.entry(name).toString();
            if (verdict == Liveness.DEAD || (force && verdict == Liveness.UNKNOWN)) {
                boolean removed = fs.deleteFile(layout.entry(name));
                removedAny |= removed;
                actions.add(new Action(path, who, verdict, removed, removed ? reason(verdict) : "already gone"));
            } else {
                actions.add(new Action(path, who, verdict, false, keptBecause(verdict)));
            }
        }
        if (removedAny && fs.deleteEmptyDirectory(layout.lock()) == RmdirResult.REMOVED) {
            actions.add(new Action(layout.lock().toString(), "-", Liveness.DEAD, true, "lock directory left empty"));
        }
    }

    private void breakForeign(FileKind kind, boolean force, List<Action> actions) throws IOException {
        String what = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String path = layout.lock().toString();
        if (force && kind != FileKind.OTHER) {
            boolean removed = fs.deleteFile(layout.lock());
            actions.add(new Action(path, "foreign " + what, Liveness.UNKNOWN, removed, "removed with --force"));
        } else {
            actions.add(new Action(path, "foreign " + what, Liveness.UNKNOWN, false,
                    kind == FileKind.OTHER ? "not a file fslock may remove" : "not an fslock lock; --force removes it"));
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
