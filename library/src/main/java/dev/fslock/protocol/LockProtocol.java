package dev.fslock.protocol;

import static dev.fslock.protocol.SpecAction.AbandonRmdir;
import static dev.fslock.protocol.SpecAction.AbandonStart;
import static dev.fslock.protocol.SpecAction.AbandonUnlink;
import static dev.fslock.protocol.SpecAction.AbortFenceUnlink;
import static dev.fslock.protocol.SpecAction.AddCoOwner;
import static dev.fslock.protocol.SpecAction.CheckEntry;
import static dev.fslock.protocol.SpecAction.CreateEntry;
import static dev.fslock.protocol.SpecAction.CreateFenceTmp;
import static dev.fslock.protocol.SpecAction.DropLock;
import static dev.fslock.protocol.SpecAction.FenceFailed;
import static dev.fslock.protocol.SpecAction.LeaveCS;
import static dev.fslock.protocol.SpecAction.MkTemp;
import static dev.fslock.protocol.SpecAction.ReadFence;
import static dev.fslock.protocol.SpecAction.ReadLockDir;
import static dev.fslock.protocol.SpecAction.ReleaseRmdir;
import static dev.fslock.protocol.SpecAction.ReleaseUnlink;
import static dev.fslock.protocol.SpecAction.RemoveCoOwner;
import static dev.fslock.protocol.SpecAction.RenameFence;
import static dev.fslock.protocol.SpecAction.RenameToLock;
import static dev.fslock.protocol.SpecAction.QueueBehind;
import static dev.fslock.protocol.SpecAction.QueueBypass;
import static dev.fslock.protocol.SpecAction.QueueJoin;
import static dev.fslock.protocol.SpecAction.QueueLeave;
import static dev.fslock.protocol.SpecAction.Retry;
import static dev.fslock.protocol.SpecAction.RetryOnTimer;
import static dev.fslock.protocol.SpecAction.Start;
import static dev.fslock.protocol.SpecAction.VerifyHeld;
import static dev.fslock.protocol.SpecAction.WriteEntry;

import dev.fslock.LockNotShareableException;
import dev.fslock.fs.EntryFile;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import dev.fslock.internal.Trace;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.wait.Backoff;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.Patience;
import dev.fslock.wait.WaitQueue;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock protocol of spec/FsLock.tla, one filesystem call per spec action, in the spec's order.
 * Each private method names the action it performs; docs/protocol.md has the full table.
 *
 * <h2>Overview</h2>
 * <pre>
 *  acquire:  [sweep first] ─ MkTemp ─ CreateEntry ─ WriteEntry ─ QueueJoin (free) │ QueueBypass (single try, no queue)
 *                                                                │ QueueBehind (taken: to the back, straight to wait)
 *                                     ─┬─ RenameToLock ok ─ [QueueLeave] ─ CheckEntry ─ ReadFence
 *                                      │                   ─ CreateFenceTmp ─ RenameFence ─ (holding)
 *                                      └─ RenameToLock ENOTEMPTY ─ ReadLockDir ─ ProbeOwner* ─ BreakEntry*
 *                                         ─ RmdirLock ─ (retry) │ (all alive) ─ wait ─ [QueueJoin] ─ [sweep once] ─ Retry
 *  give up:  AbandonStart ─ AbandonUnlink ─ AbandonRmdir        (timeout, interrupt, I/O error)
 *  release:  LeaveCS ─ ReleaseUnlink ─ ReleaseRmdir
 * </pre>
 * Safety rests on two facts of a local POSIX filesystem: {@code rename(2)} of a directory onto P
 * succeeds only if P is absent or empty, atomically; and an owner entry's name belongs to one owner
 * only, so {@code unlink(P/name)} of a dead owner can remove nothing else. Nothing here reads a
 * path and then acts on the same path expecting it unchanged. An owner is judged DEAD only when the
 * failure detector says so and nobody holds the kernel lock on its entry ({@link OwnerJudge}): each
 * owner keeps its entry open and locked from before the rename until after its unlink.
 *
 * <p>Thread-safe: each acquisition is its own owner; the only state shared between them is when
 * heads last swept (and releases that failed, to retry).
 */
public final class LockProtocol {
    private static final System.Logger LOG = System.getLogger(LockProtocol.class.getName());
    private static final long FIRST_WAIT_NANOS = 200_000; // 0.2 ms
    /** The longest wait while a holder whose entry lock the kernel freed still shows in /proc (dying). */
    private static final long DYING_WAIT_NANOS = 1_000_000; // 1 ms
    /** A waiter bypasses the queue after this many probe periods in it (see queueTimeoutNanos). */
    static final int QUEUE_TIMEOUT_PERIODS = 10;
    /** A head sweeps leftovers before its first wait at most once per this many probe periods (1 s by default). */
    static final int SWEEP_PERIODS = 50;
    /**
     * The details of a fresh acquirer's QueueBypass (spec "tryQueue"): a single try, which never
     * looks at the queue; and a queue that cannot be used or was never made. The QueueBypass that
     * ends a wait says "timeout" or "unavailable".
     */
    public static final String SINGLE_TRY = "fresh: single try";
    public static final String NO_QUEUE = "fresh: no queue";

    private final LockLayout layout;
    private final Environment env;
    private final FileOps fs;
    private final BreakCore breaking;
    private final long probePeriodNanos;
    private final boolean durableFence;
    private final PendingReleases pending = new PendingReleases();
    private final AtomicLong lastSweep = new AtomicLong(); // nanoTime of the last sweep from "wait"; 0: none yet
    // Keyed by entry name, not OwnerId: a record's first hashCode in a JVM links its ObjectMethods
    // bootstrap (ms, measured up to tens in a fresh worker), between the rename and the return.
    private final Map<String, Future<?>> unpublished = new ConcurrentHashMap<>(); // break logs of holders, being published

    /**
     * @param probePeriodNanos longest wait between two looks at a held lock: a dead holder is
     *                         broken within about one period
     * @param durableFence     fsync the fence so tokens keep growing across power failures
     */
    public LockProtocol(LockLayout layout, Environment env, long probePeriodNanos, boolean durableFence) {
        if (probePeriodNanos < FIRST_WAIT_NANOS) {
            throw new IllegalArgumentException("probe period below " + FIRST_WAIT_NANOS + " ns: " + probePeriodNanos);
        }
        this.layout = layout;
        this.env = env;
        this.fs = env.fs();
        this.breaking = BreakCore.of(layout, env);
        this.probePeriodNanos = probePeriodNanos;
        this.durableFence = durableFence;
    }

    public LockLayout layout() {
        return layout;
    }

    /**
     * The lock is held by {@code owner}, with fencing token {@code token}; {@code entry} is its owner
     * entry, open and kernel-locked until {@link #release(Acquired)} closes it.
     */
    public record Acquired(OwnerId owner, long token, EntryFile entry) {}

    // ------------------------------------------------------------------------------------------
    // Acquire

    /**
     * Acquires the lock, waiting as {@code patience} allows, from now by the environment's clock.
     * Leaves nothing behind unless it returns the lock held: on timeout (empty), interruption or
     * an I/O error, its temp directory and entry are removed first.
     */
    public Optional<Acquired> acquire(String label, Patience patience) throws IOException, InterruptedException {
        return acquire(label, patience.startingNow(env.clock()), false);
    }

    /**
     * As {@link #acquire(String, Patience)}, until {@code deadline} (on the environment's clock);
     * with {@code sweepFirst}, leftovers of dead processes are swept before anything else (spec:
     * Start to "sweepFirst"), so that they cannot stay forever on a lock that is never contended.
     * {@code FsLock} does it on each instance's first acquisition.
     */
    public Optional<Acquired> acquire(String label, Patience.Deadline deadline, boolean sweepFirst)
            throws IOException, InterruptedException {
        pending.retry();
        OwnerId me = new OwnerId(env.self(), env.nonces().get());
        step(me, Start, "");
        Path temp = layout.tempDir(me);
        EntryFile entry = null;
        boolean renamed = false;
        LockWaiter waiter = null;
        WaitQueue queue = null;
        WaitQueue.Place place = WaitQueue.Place.unavailable(); // not the head
        List<Runnable> breakLogs = new ArrayList<>(); // published once we hold the lock (or gave up)
        try {
            if (sweepFirst) {
                sweep(me);
            }
            mkTemp(me, temp);
            entry = createEntry(me);
            writeEntry(me, entry, new OwnerRecord(label, Instant.ofEpochMilli(env.clock().currentTimeMillis()),
                    OwnerRecord.currentCommand()).encode());
            boolean swept = sweepFirst || !sweepDue(); // one sweep per acquisition at most, and few per second
            Backoff backoff = null;
            DyingWaits dying = null; // since the kernel last said a holder's entry lock was free: see awaitHolders
            long unreplaceableSince = -1; // when P was first seen empty and another user's (Sharing)
            boolean queueUnavailable = false; // the queue could not be joined: wait on our own
            // spec: pc = "tryQueue". Somebody waits in the queue: go behind them, do not rename.
            if (deadline.patience().waits()) {
                queue = env.waits().queue(layout.queue());
            }
            place = tryQueue(me, queue);
            boolean behind = !place.isHead() && !place.isUnavailable();
            while (true) {
                long mark;
                Examination seen;
                if (behind) {
                    behind = false; // straight to "wait", not the head: no rename, nothing looked at yet
                    mark = 0; // no waiter: asleep in the queue, it looks as soon as it is the head
                    seen = new Examination(false, List.of());
                } else {
                    renamed = renameToLock(me, temp);
                    if (renamed) {
                        break;
                    }
                    if (waiter == null && deadline.patience().waits()) { // a single try never waits: no watch
                        waiter = env.waits().watchLock(layout.lock());
                    }
                    mark = waiter == null ? 0 : waiter.mark();
                    seen = examineHolders(me, breakLogs);
                    if (seen.retryNow()) {
                        continue;
                    }
                    if (seen.unreplaceable().isEmpty()) {
                        unreplaceableSince = -1;
                    } else if (unreplaceableSince < 0) {
                        unreplaceableSince = env.clock().nanoTime();
                    } else if (env.clock().nanoTime() - unreplaceableSince >= probePeriodNanos) {
                        throw seen.unreplaceable().get(); // still there a probe period later: nobody is releasing it
                    }
                }
                // spec: pc = "wait".
                long remaining = deadline.remainingNanos();
                if (remaining <= 0) {
                    if (seen.unreplaceable().isPresent()) {
                        throw seen.unreplaceable().get(); // no time to see it go: it most likely never will
                    }
                    return Optional.empty();
                }
                if (backoff == null) {
                    backoff = new Backoff(FIRST_WAIT_NANOS, probePeriodNanos, env.random());
                    BreakLog.prepare();
                    env.liveness().prepare();
                    loadBreakPathClasses();
                    LOG.log(Level.DEBUG, () -> "lock " + layout.lock() + ": held by " + seen.holders().stream()
                            .map(o -> o.entryName() + " " + o.liveness()).toList() + "; " + me + " waits");
                }
                boolean justJoined = false;
                if (!place.isHead()) {
                    // Only the queue's head retries; the others sleep until they are head, or bypass.
                    if (queue == null) {
                        queue = env.waits().queue(layout.queue());
                    }
                    if (waiter != null && !queueUnavailable) {
                        // Asleep in the queue it needs no directory events (the kernel wakes the
                        // next head): a JVM with a directory watch wakes for every change there.
                        waiter.close();
                        waiter = null;
                    }
                    Trace.event(me.nonce(), "queue-wait", () -> "");
                    place = queue.join(Math.min(remaining, queueTimeoutNanos()));
                    WaitQueue.Place joined = place;
                    Trace.event(me.nonce(), "queue-woke", () -> joined.isHead() ? "head"
                            : joined.isUnavailable() ? "unavailable" : "timeout");
                    if (!place.isHead()) {
                        if (place.isUnavailable() && waiter == null) {
                            // No queue after all: from now on wait on our own, with a waiter
                            // marked before the next look.
                            queueUnavailable = true;
                        } else if (place.isUnavailable() && awaitHolders(me, waiter, mark, seen, backoff, dying, remaining)) {
                            backoff = new Backoff(FIRST_WAIT_NANOS, probePeriodNanos, env.random());
                            dying = dyingBackoff();
                        }
                        step(me, QueueBypass, place.isUnavailable() ? "unavailable" : "timeout");
                        continue;
                    }
                    step(me, QueueJoin, "");
                    justJoined = true;
                }
                // The head. Sweep once instead of the first wait; then wait and retry.
                if (!swept) {
                    swept = true;
                    lastSweep.set(Math.max(1, env.clock().nanoTime()));
                    sweep(me);
                    continue;
                }
                if (justJoined) {
                    // The lock changed hands while we slept in the queue: a wait of zero, look now.
                    // (No mark: if the rename fails, the next mark comes before the look at P.)
                    if (waiter == null) {
                        waiter = env.waits().watchLock(layout.lock());
                    }
                    waiter.await(0, 0);
                    step(me, RetryOnTimer, "joined");
                    continue;
                }
                if (awaitHolders(me, waiter, mark, seen, backoff, dying, remaining)) {
                    // The kernel says a holder released or died; /proc may show a dying process
                    // for a little longer: look again soon, not a whole backoff later.
                    backoff = new Backoff(FIRST_WAIT_NANOS, probePeriodNanos, env.random());
                    dying = dyingBackoff();
                    step(me, Retry, "");
                } else {
                    step(me, RetryOnTimer, "");
                }
            }
        } catch (ClosedByInterruptException e) {
            throw interrupted(e);
        } finally {
            try {
                if (renamed) {
                    // Leave before closing our waiter: the next head starts watching us at once.
                    // (Closing is cheap: the directory's watch is kept, and retired off this thread.)
                    leaveQueue(me, place);
                }
                if (waiter != null) {
                    waiter.close();
                }
                if (!renamed) {
                    abandon(me, temp, entry);
                }
            } finally {
                if (!renamed) {
                    leaveQueue(me, place); // once we gave up
                }
                publishBreakLogs(me, breakLogs, renamed);
            }
        }
        try {
            checkEntry(me, entry);
            Acquired held = new Acquired(me, 0, entry);
            return Optional.of(new Acquired(me, takeToken(held), entry));
        } catch (IOException | RuntimeException | InterruptedException e) {
            awaitBreakLogs(me);
            throw e;
        }
    }

    /**
     * The break log's records of this acquisition's removals (BreakLog): published while it holds
     * the lock, in a thread of their own, and waited for before it releases; published here by
     * one that gave up. Never between a removal and the rename that takes the lock: the first
     * record a JVM logs takes tens of ms.
     */
    private void publishBreakLogs(OwnerId me, List<Runnable> breakLogs, boolean renamed) {
        if (breakLogs.isEmpty()) {
            return;
        }
        if (renamed) {
            unpublished.put(me.entryName(), BreakLog.publishLater(List.copyOf(breakLogs)));
        } else {
            breakLogs.forEach(Runnable::run);
        }
    }

    /** Waits until the break log's records of {@code me}'s acquisition are published (see publishBreakLogs). */
    private void awaitBreakLogs(OwnerId me) {
        if (unpublished.isEmpty()) {
            return; // the usual case; and no hashing of the record OwnerId, whose run-time generated
                    // hashCode costs every fslock start (RunStartUpTest)
        }
        Future<?> published = unpublished.remove(me.entryName());
        if (published == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                published.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the record is the auditor's: wait for it anyway
            } catch (ExecutionException e) {
                break; // the logging backend failed; nothing else to do
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * spec "tryQueue": a fresh acquirer's look at the queue before its first rename, so that a
     * process that just released cannot overtake the head that waits for the lock (issue 11's
     * barging). Free: it is the head and renames (QueueJoin); taken: it goes to the back without
     * renaming (QueueBehind); a single try ({@code queue} null), which never waits, or a queue that
     * cannot be used or was never made (nobody waited): it renames on its own (QueueBypass).
     */
    private WaitQueue.Place tryQueue(OwnerId me, WaitQueue queue) throws InterruptedException {
        if (queue == null) {
            step(me, QueueBypass, SINGLE_TRY);
            return WaitQueue.Place.unavailable();
        }
        WaitQueue.Place found = queue.tryJoin();
        if (found.isHead()) {
            step(me, QueueJoin, "free");
        } else if (found.isUnavailable()) {
            step(me, QueueBypass, NO_QUEUE);
        } else {
            step(me, QueueBehind, "taken");
        }
        return found;
    }

    /**
     * Waits at "wait" for the holders to change: the lock's departure from its directory, the
     * kernel lock of a holder's entry in another process (the holder released or died), or the
     * backoff timer, capped at the probe period. While an entry whose lock the kernel said was
     * free is still in P, the waits are {@code dying}'s, capped at 1 ms: its holder is dying,
     * and /proc shows a dying process until its last thread has exited, which may come well
     * after the kernel dropped its locks; its watch is over (the lock is free), so only the timer
     * can tell when. (An entry that was never locked, a co-owner's, costs such waits until
     * {@code dying} runs out: {@value #QUEUE_TIMEOUT_PERIODS} probe periods after the wake.)
     * While the kernel lock of every holder's entry is held and watched, and the directory too,
     * the wait is {@value #QUEUE_TIMEOUT_PERIODS} probe periods: a look could only find them alive,
     * and their release or death wakes us at once.
     *
     * @param dying the waits since the kernel's last wake-up, if any
     * @return true if the kernel said a watched holder released or died
     */
    private boolean awaitHolders(OwnerId me, LockWaiter waiter, long mark, Examination seen, Backoff backoff,
            DyingWaits dying, long remaining) throws InterruptedException {
        List<Path> others = entriesOfOtherProcesses(seen.holders());
        waiter.watchHolders(others);
        long holdersLeft = waiter.holdersLeft();
        long nanos;
        if (dying != null && env.clock().nanoTime() < dying.until() && others.stream().anyMatch(waiter::freed)) {
            nanos = dying.waits().nextNanos(remaining);
        } else if (waiter.wokenByKernel(others)) {
            // Every holder keeps its entry locked, so every look until a wake-up would find it
            // alive: look only as often as a queue sleeper does, in case a wake-up is lost.
            nanos = Math.min(remaining, queueTimeoutNanos());
        } else {
            nanos = backoff.nextNanos(remaining);
        }
        Trace.event(me.nonce(), "wait", () -> nanos + " ns, mark " + mark);
        waiter.await(mark, nanos);
        boolean kernel = waiter.holdersLeft() != holdersLeft;
        Trace.event(me.nonce(), "woke", () -> kernel ? "kernel" : "timer or event, mark " + waiter.mark());
        return kernel;
    }

    /**
     * Loads, before the first wait, the classes that only a holder's death needs (the kernel's
     * wake-up, the entry-lock veto after a DEAD verdict): loading one took about a millisecond in
     * a fresh JVM, between the holder's death and the rename that takes its lock (-Xlog:class+load).
     */
    private void loadBreakPathClasses() {
        dyingBackoff();
        EntryLockState.values();
    }

    /** The waits after the kernel freed a holder's entry lock, until a clock time. */
    private record DyingWaits(Backoff waits, long until) {}

    /** Waits of 0.2 ms doubling to 1 ms, for {@value #QUEUE_TIMEOUT_PERIODS} probe periods from now. */
    private DyingWaits dyingBackoff() {
        return new DyingWaits(new Backoff(FIRST_WAIT_NANOS, DYING_WAIT_NANOS, env.random()),
                env.clock().nanoTime() + queueTimeoutNanos());
    }

    /**
     * How long a waiter sleeps in the queue before it bypasses it: {@value #QUEUE_TIMEOUT_PERIODS}
     * probe periods (200 ms by default). Long enough that a working queue is rarely bypassed (a
     * waiter is head after the critical sections of those before it), short enough that a stuck
     * head (SIGSTOP) or a replaced queue file costs the others little.
     */
    private long queueTimeoutNanos() {
        return Math.multiplyExact(probePeriodNanos, QUEUE_TIMEOUT_PERIODS);
    }

    /** spec QueueLeave: the head unlocks NAME.queue (the next waiter becomes head). Nothing if not the head. */
    private void leaveQueue(OwnerId me, WaitQueue.Place place) {
        if (place.isHead()) {
            place.close();
            step(me, QueueLeave, "");
        }
    }

    /** spec MkTemp: mkdir(T). */
    private void mkTemp(OwnerId me, Path temp) throws IOException {
        fs.createDirectory(temp);
        step(me, MkTemp, temp.getFileName().toString());
    }

    /** spec CreateEntry: open(T/me, O_CREAT|O_EXCL|O_RDWR), kept open until release. */
    private EntryFile createEntry(OwnerId me) throws IOException {
        EntryFile entry = fs.createEntry(layout.tempEntry(me));
        step(me, CreateEntry, me.entryName());
        return entry;
    }

    /**
     * spec WriteEntry: write the metadata for humans (no step reads it), then take the entry's
     * kernel lock, before the entry can be seen in P. Without working locks we go on without the
     * veto: /proc alone judges us then.
     */
    private void writeEntry(OwnerId me, EntryFile entry, byte[] record) throws IOException {
        entry.write(record);
        entry.lock();
        step(me, WriteEntry, me.entryName());
    }

    /**
     * spec RenameToLock: rename(T, P); refused while P holds any entry or is not a directory, and
     * (EPERM, EACCES) while P is another user's in a sticky directory: held, as far as we can tell.
     */
    private boolean renameToLock(OwnerId me, Path temp) throws IOException {
        boolean renamed;
        try {
            renamed = fs.rename(temp, layout.lock());
        } catch (IOException e) {
            if (!Sharing.isOccupiedRefusal(e, layout, fs)) {
                throw e;
            }
            renamed = false;
        }
        step(me, RenameToLock, renamed ? "ok" : "ENOTEMPTY");
        return renamed;
    }

    /**
     * spec CheckEntry: lstat(P/me). Our entry came with the rename unless another process's sweep,
     * misled by a wrong liveness verdict, removed it from T before we locked it: then P is the
     * empty directory we renamed there, not a lock we hold (spec DropLock: rmdir it, give up).
     */
    private void checkEntry(OwnerId me, EntryFile entry) throws IOException {
        FileKind kind;
        try {
            kind = fs.kind(layout.entry(me));
        } catch (IOException e) {
            kind = FileKind.FILE; // cannot tell: we may hold P, so go on; the fence or release reports errors
        }
        step(me, CheckEntry, kind == FileKind.FILE ? "present" : "ENOENT");
        if (kind == FileKind.FILE) {
            return;
        }
        rmdirLock(me, DropLock);
        entry.close();
        throw new FileSystemException(layout.lock().toString(), null, "our owner entry " + me.entryName()
                + " was removed from our temporary directory by another process before we could hold the lock:"
                + " its liveness probe judged this live process dead, which should never happen (please report"
                + " it with the output of: fslock status " + layout.lock() + "). Nothing is held; try again.");
    }

    /**
     * What one look at the holders found.
     *
     * @param unreplaceable P was empty, and belongs to another user in a sticky directory: neither
     *                      our rename nor our rmdir can ever take it away (see Sharing)
     */
    private record Examination(boolean retryNow, List<BreakCore.Judged> holders,
                               Optional<LockNotShareableException> unreplaceable) {
        Examination(boolean retryNow, List<BreakCore.Judged> holders) {
            this(retryNow, holders, Optional.empty());
        }
    }

    /**
     * spec ReadLockDir, then ProbeOwner for each entry, BreakEntry right after a DEAD verdict, and
     * RmdirLock if anything was broken ({@link BreakCore}). Entries of fslock's shape that do not
     * parse belong to owners we cannot judge: UNKNOWN, never removed. A P that is not a directory,
     * or holds a name that is no owner entry at all, is not a lock ({@link LockContents}): an error
     * at once, never a wait.
     */
    private Examination examineHolders(OwnerId me, List<Runnable> breakLogs) throws IOException {
        List<String> names;
        try {
            names = fs.list(layout.lock());
        } catch (NotDirectoryException e) {
            step(me, ReadLockDir, "not a directory");
            LockContents.requireLock(layout, fs); // returns only if P changed meanwhile
            return new Examination(true, List.of());
        }
        step(me, ReadLockDir, String.join(",", names));
        List<String> strangers = LockContents.strangers(names);
        if (!strangers.isEmpty()) {
            throw LockContents.notALock(layout, new LockContents.Verdict(FileKind.DIRECTORY, List.of(), strangers, false));
        }
        if (names.isEmpty()) {
            var stuck = Sharing.emptyAndUnreplaceable(layout, fs);
            // Normally the holder left after our rename: retry now. If only another user can remove
            // it, retrying at once would spin: wait instead (its owner may be finishing a release).
            return new Examination(stuck.isEmpty(), List.of(), stuck);
        }
        BreakCore.EntryPass pass = breaking.breakEntries(waiter(me, breakLogs), names, BreakCore.Policy.DEAD);
        return new Examination(pass.broke(), pass.judged());
    }

    /**
     * The entries of the holders in other processes, whose kernel locks a waiter may watch: never
     * one of this process's own (a holder thread of this JVM), whose release the directory events
     * report, and which must never be opened twice here (POSIX locks die with any descriptor).
     */
    private List<Path> entriesOfOtherProcesses(List<BreakCore.Judged> holders) {
        return holders.stream()
                .filter(h -> h.owner().map(o -> !o.process().equals(env.self())).orElse(true))
                .map(h -> layout.entry(h.entryName()))
                .toList();
    }

    /** A waiting acquirer breaks what is DEAD; its sweep and its rmdir of P are hygiene (errors logged). */
    private BreakCore.Breaker waiter(OwnerId me) {
        return new BreakCore.Breaker(me, "a waiting acquirer, " + env.self().describe(), true);
    }

    /** A waiting acquirer that logs its breaks later, into {@code breakLogs}: not between the break and the rename. */
    private BreakCore.Breaker waiter(OwnerId me, List<Runnable> breakLogs) {
        return new BreakCore.Breaker(me, "a waiting acquirer, " + env.self().describe(), true, breakLogs);
    }

    /**
     * Whether a head should sweep before its first wait: not if this protocol's heads swept in the
     * last {@value #SWEEP_PERIODS} probe periods. A sweep probes every waiter's temp directory, and
     * a new head that sweeps at each hand-over notices the holder's release that much later.
     */
    private boolean sweepDue() {
        long last = lastSweep.get();
        return last == 0 || env.clock().nanoTime() - last >= Math.multiplyExact(probePeriodNanos, SWEEP_PERIODS);
    }

    /** spec ReleaseRmdir (and DropLock): rmdir(P), which only removes an empty directory. */
    private void rmdirLock(OwnerId me, SpecAction action) {
        RmdirResult result;
        try {
            result = fs.deleteEmptyDirectory(layout.lock());
        } catch (IOException e) {
            // Safe to ignore: an empty P means "free" just as an absent one does.
            LOG.log(Level.DEBUG, "rmdir " + layout.lock() + " failed: " + e);
            result = RmdirResult.NOT_EMPTY;
        }
        step(me, action, result.name());
    }

    /**
     * spec ScanTemps, then per leftover owner SweepProbe and, if DEAD, SweepEntry, SweepTemp and
     * SweepFence ({@link BreakCore}). Hygiene only: the lock works without it, so its I/O errors
     * are logged, not thrown.
     */
    private void sweep(OwnerId me) throws IOException {
        breaking.sweep(waiter(me), BreakCore.Policy.DEAD);
    }

    /** spec AbandonStart, AbandonUnlink, AbandonRmdir: remove our temp entry (and close it) and directory. */
    private void abandon(OwnerId me, Path temp, EntryFile entry) {
        step(me, AbandonStart, "");
        try {
            fs.deleteFile(layout.tempEntry(me));
            closeEntry(entry);
            step(me, AbandonUnlink, me.entryName());
            fs.deleteEmptyDirectory(temp);
            step(me, AbandonRmdir, temp.getFileName().toString());
        } catch (IOException e) {
            // Rare (the filesystem failed under us): the leftover is named after us and is swept
            // as soon as this process is gone. The caller is already failing with the first error.
            LOG.log(Level.WARNING, "could not remove " + temp + " after giving up: " + e);
            closeQuietly(entry);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Fencing token

    /**
     * spec ReadFence, CreateFenceTmp, RenameFence: P.fence := P.fence + 1, by symlink and rename,
     * so that it is never half-written. On failure (FenceFailed, AbortFenceUnlink) the lock
     * is released before the error is thrown.
     */
    private long takeToken(Acquired held) throws IOException, InterruptedException {
        OwnerId me = held.owner();
        Path temp = layout.fenceTemp(me);
        long token;
        boolean stillHeld;
        try {
            token = writeNextToken(me, temp);
            stillHeld = verifyHeld(me);
        } catch (IOException | RuntimeException e) {
            step(me, FenceFailed, e.toString());
            try {
                fs.deleteFile(temp);
                step(me, AbortFenceUnlink, temp.getFileName().toString());
                release(held, false);
            } catch (IOException cleanup) {
                // Nobody holds a handle to this lock: it must not stay held for the rest of this
                // JVM's life. The next acquisition of this lock, or a background retry, releases it.
                pending.add(held, this::releaseQuietly);
                e.addSuppressed(cleanup);
            }
            if (e instanceof ClosedByInterruptException interrupt) {
                throw interrupted(interrupt);
            }
            throw e;
        }
        if (!stillHeld) {
            release(held, false); // spec ReleaseUnlink (ENOENT), ReleaseRmdir
            throw new FileSystemException(layout.lock().toString(), null, "lock broken while this acquisition took"
                    + " its fencing token: its owner entry " + me.entryName() + " was removed (by fslock break --force,"
                    + " or by a process that judged this one dead). The token was not handed out; nothing is held.");
        }
        return token;
    }

    /**
     * spec VerifyHeld: lstat(P/me) after the fence moved. Only a holder whose entry is still in P
     * hands out its token: one broken meanwhile may hold a token that is not above the next
     * holder's (spec/FsLockFenced.tla, MCFsLockFencedBreakAnyTime).
     */
    private boolean verifyHeld(OwnerId me) throws IOException {
        boolean present = fs.kind(layout.entry(me)) == FileKind.FILE;
        step(me, VerifyHeld, present ? "present" : "ENOENT");
        return present;
    }

    /**
     * The token: one more than P.fence, and never below the wall clock in microseconds, so that it
     * exceeds every earlier token even if P.fence was deleted (a cleaner, a person) or lost to a
     * power failure since: an acquisition takes far longer than a microsecond, so tokens never run
     * ahead of the clock unless the clock is set back (spec NextToken, CleanFence).
     */
    private long writeNextToken(OwnerId me, Path temp) throws IOException {
        long next = Math.max(Math.addExact(readFence(me), 1), env.clock().currentTimeMicros());
        fs.createSymlink(temp, Fence.encode(next));
        step(me, CreateFenceTmp, Long.toString(next));
        if (!fs.rename(temp, layout.fence())) {
            throw new FileSystemException(layout.fence().toString(), null,
                    "is a directory; it should be the link holding the lock's last fencing token");
        }
        if (durableFence) {
            fs.syncDirectory(layout.parent());
        }
        step(me, RenameFence, Long.toString(next));
        return next;
    }

    /** spec ReadFence. 0 while P.fence is absent; a corrupt fence is an error, never repaired. */
    private long readFence(OwnerId me) throws IOException {
        long value = Fence.read(fs, layout.fence()).orElse(0);
        step(me, ReadFence, Long.toString(value));
        return value;
    }

    // ------------------------------------------------------------------------------------------
    // Release, validity, co-owners

    /**
     * spec LeaveCS, ReleaseUnlink, ReleaseRmdir.
     *
     * @return false if our entry was already gone: the lock had been broken (compromised)
     */
    public boolean release(Acquired held) throws IOException {
        return release(held, true);
    }

    private boolean release(Acquired held, boolean leavingCriticalSection) throws IOException {
        OwnerId me = held.owner();
        awaitBreakLogs(me); // published before anyone else can hold the lock
        if (leavingCriticalSection) {
            step(me, LeaveCS, "");
        }
        boolean present = fs.deleteFile(layout.entry(me));
        closeEntry(held.entry()); // after the unlink: the lock outlives the entry in P
        step(me, ReleaseUnlink, me.entryName() + (present ? "" : " ENOENT"));
        rmdirLock(me, ReleaseRmdir);
        return present;
    }

    private void releaseQuietly(Acquired held) throws IOException {
        release(held, false);
        LOG.log(Level.INFO, "released lock " + layout.lock() + " (entry " + held.owner().entryName()
                + ") that a failed acquisition had left held");
    }

    private static void closeEntry(EntryFile entry) throws IOException {
        if (entry != null) {
            entry.close();
        }
    }

    private static void closeQuietly(EntryFile entry) {
        try {
            closeEntry(entry);
        } catch (IOException e) {
            // Closing only drops our kernel lock; a failure leaves nothing on disk.
        }
    }

    /** Read-only: is {@code owner}'s entry in P? (Not a spec action: it changes nothing.) */
    public boolean isHeldBy(OwnerId owner) throws IOException {
        return fs.kind(layout.entry(owner)) == FileKind.FILE;
    }

    /**
     * spec AddCoOwner: openat(descriptor of our P, child, O_CREAT|O_EXCL), by the holder, for a
     * child it spawned. Through a descriptor of the directory that holds our entry, so that the
     * child's entry lands in our lock or nowhere: never in the next holder's, even if ours was
     * broken by force meanwhile. (Departure: the descriptor is opened here and our entry checked
     * through it; the spec's holder keeps it from the rename on.)
     *
     * @throws java.nio.file.NoSuchFileException if our entry or our P is gone: the lock was broken
     */
    public OwnerId addCoOwner(OwnerId holder, ProcessIdentity child) throws IOException {
        OwnerId co = new OwnerId(child, env.nonces().get());
        fs.createFileBeside(layout.lock(), holder.entryName(), co.entryName());
        step(holder, AddCoOwner, co.entryName());
        return co;
    }

    /** spec RemoveCoOwner: unlink(P/child), once the child has exited. */
    public void removeCoOwner(OwnerId holder, OwnerId co) throws IOException {
        boolean removed = fs.deleteFile(layout.entry(co));
        step(holder, RemoveCoOwner, co.entryName() + (removed ? "" : " ENOENT"));
    }

    // ------------------------------------------------------------------------------------------

    private void step(OwnerId owner, SpecAction action, String detail) {
        Trace.event(owner.nonce(), action.name(), detail);
        env.observer().step(owner, action, detail);
    }

    private static InterruptedException interrupted(ClosedByInterruptException e) {
        Thread.interrupted(); // InterruptedException reports the interrupt; the flag is cleared
        InterruptedException ie = new InterruptedException("interrupted during a filesystem call");
        ie.initCause(e);
        return ie;
    }

}
