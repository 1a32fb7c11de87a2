package dev.fslock.protocol;

import static dev.fslock.protocol.SpecAction.ReadLockDir;

import dev.fslock.NotALockException;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.RmdirResult;
import dev.fslock.process.Liveness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Breaks a lock on an operator's request ({@code fslock break}). Without force it does what every
 * waiting acquirer does, with the same {@link BreakCore} and reported as the same spec steps
 * (ReadLockDir, ProbeOwner, BreakEntry, RmdirLock, then the sweep): it removes only what belongs
 * to DEAD owners, each by its unique name. With force it also removes entries and leftovers of
 * UNKNOWN owners: that is outside the spec's guarantees, a human's decision that those owners are
 * gone (reported through {@link StepObserver#forced}). An ALIVE owner's entry is never removed,
 * and neither is anything fslock did not make: a lock path that is not a lock
 * ({@link LockContents}) is refused before anything is removed, with or without force.
 */
public final class LockBreaker {
    private final LockLayout layout;
    private final Environment env;
    private final BreakCore breaking;

    /** Breaks the lock at {@code layout} with {@code env}'s filesystem and liveness probe, reporting to its observer. */
    public LockBreaker(LockLayout layout, Environment env) {
        this.layout = layout;
        this.env = env;
        this.breaking = BreakCore.of(layout, env);
    }

    /** One thing found, and what was done with it. */
    public record Action(String path, String owner, Liveness liveness, boolean removed, String why) {}

    /** @throws NotALockException if the lock path holds something fslock did not make; nothing is removed then */
    public List<Action> breakLock(boolean force) throws IOException {
        // An owner of this process's own, made for this break: the one its steps are reported as.
        OwnerId me = new OwnerId(env.self(), env.nonces().get());
        // spec BreakerReadLockDir, reported right after the readdir (or the lstat that found no P).
        LockContents.Verdict verdict = LockContents.examine(layout, env.fs(),
                listed -> env.observer().step(me, ReadLockDir, String.join(",", listed)));
        if (!verdict.isLock()) {
            throw LockContents.notALock(layout, verdict);
        }
        BreakCore.Breaker breaker = new BreakCore.Breaker(me, "fslock break" + (force ? " --force" : ""), false);
        BreakCore.Policy policy = force ? BreakCore.Policy.DEAD_OR_UNKNOWN : BreakCore.Policy.DEAD;
        List<Action> actions = new ArrayList<>();
        if (verdict.kind() == FileKind.DIRECTORY) {
            BreakCore.EntryPass pass = breaking.breakEntries(breaker, verdict.entries(), policy);
            pass.entries().forEach(e -> actions.add(entryAction(e)));
            if (pass.rmdir().orElse(null) == RmdirResult.REMOVED) {
                actions.add(new Action(layout.lock().toString(), "-", Liveness.DEAD, true, "lock directory left empty"));
            }
        }
        for (BreakCore.LeftoverFound found : breaking.sweep(breaker, policy)) {
            actions.add(leftoverAction(found));
        }
        return actions;
    }

    private Action entryAction(BreakCore.Entry entry) {
        BreakCore.Judged judged = entry.judged();
        String who = judged.owner().map(o -> o.process().describe()).orElse("an entry this fslock cannot read");
        return new Action(layout.entry(judged.entryName()).toString(), who, judged.liveness(),
                entry.removal() == BreakCore.Removal.REMOVED, why(entry.removal(), judged.liveness()));
    }

    private Action leftoverAction(BreakCore.LeftoverFound found) {
        OwnerId owner = found.file().owner();
        return new Action(layout.parent().resolve(found.file().fileName()).toString(), owner.process().describe(),
                found.liveness(), found.removal() == BreakCore.Removal.REMOVED,
                "leftover: " + why(found.removal(), found.liveness()));
    }

    private static String why(BreakCore.Removal removal, Liveness verdict) {
        return switch (removal) {
            case REMOVED -> verdict == Liveness.DEAD ? "owner is dead" : "owner UNKNOWN, removed with --force";
            case GONE -> "already gone";
            case NOT_EMPTY -> "not empty: holds files fslock did not put there";
            case KEPT -> verdict == Liveness.ALIVE ? "owner is alive" : "owner UNKNOWN; --force removes it";
        };
    }
}
