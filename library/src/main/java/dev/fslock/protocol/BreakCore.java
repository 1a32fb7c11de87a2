package dev.fslock.protocol;

import static dev.fslock.protocol.SpecAction.BreakEntry;
import static dev.fslock.protocol.SpecAction.ProbeOwner;
import static dev.fslock.protocol.SpecAction.RmdirLock;
import static dev.fslock.protocol.SpecAction.ScanTemps;
import static dev.fslock.protocol.SpecAction.SweepEntry;
import static dev.fslock.protocol.SpecAction.SweepFence;
import static dev.fslock.protocol.SpecAction.SweepProbe;
import static dev.fslock.protocol.SpecAction.SweepTemp;

import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import dev.fslock.internal.Trace;
import dev.fslock.process.Liveness;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The one place where owners are judged and what belongs to them is removed: their entries in P
 * (spec ProbeOwner, BreakEntry, RmdirLock) and their leftovers beside it (ScanTemps, SweepProbe,
 * SweepEntry, SweepTemp, SweepFence). A waiting acquirer ({@link LockProtocol}) and
 * {@code fslock break} ({@link LockBreaker}) break with it, each under a {@link Policy};
 * {@code fslock status} only judges with it. Every removal is by a name that belongs to the owner
 * judged, so it can remove nothing of anybody else's; a directory only by {@code rmdir}, which
 * removes it only if empty.
 *
 * <p>Each step is reported to the {@link StepObserver} as the spec action it performs, right
 * after it, in the spec's order, with the breaker's {@link Breaker#me() owner}. A removal that
 * only {@link Policy#DEAD_OR_UNKNOWN} allows is outside the spec (a human's word: the spec's
 * OperatorUnlink, OperatorRmdir) and is reported through {@link StepObserver#forced} instead.
 */
public final class BreakCore {
    /** The protocol's logger: what a waiter passes over is logged with the rest of its acquisition. */
    private static final System.Logger LOG = System.getLogger(LockProtocol.class.getName());

    private final LockLayout layout;
    private final FileOps fs;
    private final OwnerJudge judge;
    private final StepObserver observer;

    public BreakCore(LockLayout layout, FileOps fs, OwnerJudge judge, StepObserver observer) {
        this.layout = layout;
        this.fs = fs;
        this.judge = judge;
        this.observer = observer;
    }

    /** The core for {@code layout} in {@code env}: its filesystem, its liveness probe, its observer. */
    public static BreakCore of(LockLayout layout, Environment env) {
        return new BreakCore(layout, env.fs(), new OwnerJudge(env.liveness(), env.fs()), env.observer());
    }

    /** Whose files may be removed. An ALIVE owner's never are. */
    public enum Policy {
        /** Owners judged DEAD: what every waiting acquirer removes, and {@code fslock break}. */
        DEAD,
        /** DEAD and UNKNOWN owners: {@code fslock break --force}, on a human's word; outside the spec. */
        DEAD_OR_UNKNOWN;

        boolean removes(Liveness verdict) {
            return verdict == Liveness.DEAD || (this == DEAD_OR_UNKNOWN && verdict == Liveness.UNKNOWN);
        }
    }

    /**
     * Who breaks.
     *
     * @param me       the owner its steps are reported as: an acquisition, or an owner of its own
     *                 for {@code fslock break}; its process is the remover the break log names
     * @param by       who it is, in the break log's words ("a waiting acquirer, pid 12 on host")
     * @param tolerant a waiter, whose lock works without what fails here: I/O errors of the sweep
     *                 and of {@code rmdir P} are logged and passed over rather than thrown
     * @param deferredLogs where the break log's records go to be published later by the caller
     *                 (a waiting acquirer, once it renamed or gave up: the first record a JVM logs
     *                 may take tens of ms, which must not delay the lock's hand-over); null: at once
     */
    public record Breaker(OwnerId me, String by, boolean tolerant, List<Runnable> deferredLogs) {
        /** A breaker whose removals are logged at once. */
        public Breaker(OwnerId me, String by, boolean tolerant) {
            this(me, by, tolerant, null);
        }
    }

    /** What became of a file of an owner judged. */
    public enum Removal {
        /** Not removed: the policy keeps what belongs to an owner judged so. */
        KEPT,
        /** Removed by this breaker. */
        REMOVED,
        /** Gone before this breaker came to it (another breaker, or its owner). */
        GONE,
        /** A temp directory that holds files fslock did not put there: {@code rmdir} left it. */
        NOT_EMPTY;

        static Removal of(boolean removed) {
            return removed ? REMOVED : GONE;
        }

        static Removal of(RmdirResult rmdir) {
            return switch (rmdir) {
                case REMOVED -> REMOVED;
                case ABSENT -> GONE;
                case NOT_EMPTY -> NOT_EMPTY;
            };
        }
    }

    /**
     * An owner entry of P and its owner's liveness.
     *
     * @param owner empty for a name of fslock's entry shape that this version cannot read (UNKNOWN)
     */
    public record Judged(String entryName, Optional<OwnerId> owner, Liveness liveness) {}

    /** An entry of P, judged, and what became of it. */
    public record Entry(Judged judged, Removal removal) {}

    /**
     * One pass over P's entries.
     *
     * @param rmdir the outcome of {@code rmdir P}, tried once anything was broken; empty if not tried
     */
    public record EntryPass(List<Entry> entries, Optional<RmdirResult> rmdir) {
        /** Something was broken (the spec's broke[p]): P may be free now. */
        public boolean broke() {
            return rmdir.isPresent();
        }

        public List<Judged> judged() {
            return entries.stream().map(Entry::judged).toList();
        }
    }

    /** A leftover beside P, its owner's liveness, and what became of it. */
    public record LeftoverFound(LockLayout.Leftover file, Liveness liveness, Removal removal) {}

    // ------------------------------------------------------------------------------------------
    // Judging (read-only: fslock status, and the first half of every step below)

    /** An owner entry of P, judged: its owner's liveness, with the kernel-lock veto. */
    public Judged judgeEntry(String entryName) {
        Optional<OwnerId> owner = OwnerId.parse(entryName);
        return new Judged(entryName, owner, judge.judge(owner, List.of(layout.entry(entryName))));
    }

    /** The leftovers beside P and their owners' liveness, each owner judged once; removes nothing. */
    public List<LeftoverFound> leftovers() throws IOException {
        List<String> names = fs.list(layout.parent());
        Map<String, LeftoverFound> found = new HashMap<>();
        leftoversByOwner(names, null).forEach((owner, files) -> {
            Liveness verdict = judgeLeftoverOwner(owner);
            files.forEach(file -> found.put(file.fileName(), new LeftoverFound(file, verdict, Removal.KEPT)));
        });
        return inListingOrder(names, found);
    }

    /** An owner with leftovers may still have its entry in its temp directory, or in P: either veto counts. */
    private Liveness judgeLeftoverOwner(OwnerId owner) {
        return judge.judge(Optional.of(owner), List.of(layout.tempEntry(owner), layout.entry(owner)));
    }

    // ------------------------------------------------------------------------------------------
    // Breaking P's entries

    /**
     * spec ProbeOwner for each listed entry, BreakEntry right after a verdict the policy removes,
     * and RmdirLock once anything was broken (the unlink of a name already gone counts, as in the
     * spec). The caller listed P (spec ReadLockDir) and refused what is not a lock.
     */
    public EntryPass breakEntries(Breaker breaker, List<String> names, Policy policy) throws IOException {
        List<Entry> entries = new ArrayList<>();
        boolean broke = false;
        boolean forcedOnly = true;
        for (String name : names) {
            Judged judged = judgeEntry(name);
            step(breaker, ProbeOwner, name + " " + judged.liveness());
            Removal removal = Removal.KEPT;
            if (policy.removes(judged.liveness())) {
                removal = breakEntry(breaker, judged);
                broke = true;
                forcedOnly &= judged.liveness() != Liveness.DEAD;
            }
            entries.add(new Entry(judged, removal));
        }
        Optional<RmdirResult> rmdir = broke ? Optional.of(rmdirLock(breaker, forcedOnly)) : Optional.empty();
        return new EntryPass(List.copyOf(entries), rmdir);
    }

    /** spec BreakEntry: unlink(P/e); that name is that owner's alone. */
    private Removal breakEntry(Breaker breaker, Judged judged) throws IOException {
        boolean removed = fs.deleteFile(layout.entry(judged.entryName()));
        report(breaker, isForced(judged.liveness()), BreakEntry, judged.entryName() + (removed ? "" : " ENOENT"));
        if (removed) {
            // A class, not a lambda: a lambda's first use links it (ms in a fresh JVM), here between
            // a dead holder's removal and the rename that takes the lock (BreakLog.prepare loads it).
            Runnable log = new BreakLog.Removed(layout, judged.entryName(), judged.owner(), judged.liveness(),
                    breaker.me().process(), breaker.by());
            if (breaker.deferredLogs() == null) {
                log.run();
            } else {
                breaker.deferredLogs().add(log);
            }
        }
        return Removal.of(removed);
    }

    /** spec RmdirLock: rmdir(P), which only removes an empty directory; forced if only forced removals came before. */
    private RmdirResult rmdirLock(Breaker breaker, boolean forced) throws IOException {
        RmdirResult result;
        try {
            result = fs.deleteEmptyDirectory(layout.lock());
        } catch (IOException e) {
            if (!breaker.tolerant()) {
                throw e;
            }
            // Safe to pass over: an empty P means "free" just as an absent one does.
            LOG.log(Level.DEBUG, "rmdir " + layout.lock() + " failed: " + e);
            result = RmdirResult.NOT_EMPTY;
        }
        report(breaker, forced, RmdirLock, result.name());
        return result;
    }

    // ------------------------------------------------------------------------------------------
    // Sweeping leftovers beside P

    /**
     * spec ScanTemps, then per leftover owner (other than the breaker's own) SweepProbe and, if
     * the policy removes its verdict, SweepEntry, SweepTemp and SweepFence: all three by name,
     * whichever of its files were listed.
     *
     * @return each leftover file listed, in listing order, with its owner's verdict and fate
     */
    public List<LeftoverFound> sweep(Breaker breaker, Policy policy) throws IOException {
        List<String> names;
        try {
            names = fs.list(layout.parent());
        } catch (IOException e) {
            if (!breaker.tolerant()) {
                throw e;
            }
            LOG.log(Level.DEBUG, "cannot list " + layout.parent() + " to sweep leftovers: " + e);
            return List.of();
        }
        Map<OwnerId, List<LockLayout.Leftover>> byOwner = leftoversByOwner(names, breaker.me());
        StringJoiner owners = new StringJoiner(","); // loops, not streams, in a sweep: every acquisition's start-up (docs/cli.md)
        for (OwnerId owner : byOwner.keySet()) {
            owners.add(owner.entryName());
        }
        step(breaker, ScanTemps, owners.toString());
        Map<String, LeftoverFound> found = new HashMap<>();
        for (Map.Entry<OwnerId, List<LockLayout.Leftover>> each : byOwner.entrySet()) {
            OwnerId owner = each.getKey();
            Liveness verdict = judgeLeftoverOwner(owner);
            step(breaker, SweepProbe, owner.entryName() + " " + verdict);
            Swept swept = Swept.NOTHING;
            if (policy.removes(verdict)) {
                try {
                    swept = removeLeftovers(breaker, owner, isForced(verdict));
                } catch (IOException e) {
                    if (!breaker.tolerant()) {
                        throw e;
                    }
                    LOG.log(Level.DEBUG, "cannot sweep leftovers of " + owner + ": " + e);
                }
            }
            for (LockLayout.Leftover file : each.getValue()) {
                found.put(file.fileName(), new LeftoverFound(file, verdict, file.isTempDir() ? swept.tempDir() : swept.fenceTemp()));
            }
        }
        return inListingOrder(names, found);
    }

    /** What a sweep of one owner did with its temp directory and its fence temp. */
    private record Swept(Removal tempDir, Removal fenceTemp) {
        static final Swept NOTHING = new Swept(Removal.KEPT, Removal.KEPT);
    }

    /** spec SweepEntry, SweepTemp, SweepFence: unlink(Tq/entry), rmdir(Tq), unlink(fence temp of q). */
    private Swept removeLeftovers(Breaker breaker, OwnerId owner, boolean forced) throws IOException {
        fs.deleteFile(layout.tempEntry(owner));
        report(breaker, forced, SweepEntry, owner.entryName());
        RmdirResult temp = fs.deleteEmptyDirectory(layout.tempDir(owner));
        report(breaker, forced, SweepTemp, temp.name());
        boolean fence = fs.deleteFile(layout.fenceTemp(owner));
        report(breaker, forced, SweepFence, owner.entryName());
        return new Swept(Removal.of(temp), Removal.of(fence));
    }

    /** This lock's leftovers among {@code names}, grouped by owner in order of first appearance; none of {@code except}'s. */
    private Map<OwnerId, List<LockLayout.Leftover>> leftoversByOwner(List<String> names, OwnerId except) {
        Map<OwnerId, List<LockLayout.Leftover>> byOwner = new LinkedHashMap<>();
        for (String name : names) {
            layout.leftover(name).filter(l -> !l.owner().equals(except))
                    .ifPresent(l -> byOwner.computeIfAbsent(l.owner(), o -> new ArrayList<>()).add(l));
        }
        return byOwner;
    }

    private static List<LeftoverFound> inListingOrder(List<String> names, Map<String, LeftoverFound> found) {
        List<LeftoverFound> inOrder = new ArrayList<>();
        for (String name : names) {
            LeftoverFound leftover = found.get(name);
            if (leftover != null) {
                inOrder.add(leftover);
            }
        }
        return List.copyOf(inOrder);
    }

    // ------------------------------------------------------------------------------------------

    /** Only an operator's force removes what is not DEAD (the policy never removes ALIVE). */
    private static boolean isForced(Liveness verdict) {
        return verdict != Liveness.DEAD;
    }

    /** A removal: a spec step, or, forced, one outside the spec. */
    private void report(Breaker breaker, boolean forced, SpecAction action, String detail) {
        if (forced) {
            observer.forced(breaker.me(), action, detail);
        } else {
            step(breaker, action, detail);
        }
    }

    private void step(Breaker breaker, SpecAction action, String detail) {
        Trace.event(breaker.me().nonce(), action.name(), detail);
        observer.step(breaker.me(), action, detail);
    }
}
