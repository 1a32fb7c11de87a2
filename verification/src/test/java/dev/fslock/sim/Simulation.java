package dev.fslock.sim;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import dev.fslock.fs.RmdirResult;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.SpecAction;
import dev.fslock.testing.LockVariant;
import dev.fslock.testing.LockVariants;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.wait.Clock;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic simulation of several processes using one lock on one in-memory filesystem.
 *
 * <h2>Overview</h2>
 * Each simulated process runs the production protocol (through a {@link LockVariant}) in its own
 * thread, with its own {@link Environment}: its own {@link ProcessIdentity}, a {@link LivenessProbe}
 * answering from this simulation's process table, a simulated clock and waiting. The threads pass
 * a baton: exactly one runs at a time. A process runs until its next <em>scheduling point</em>
 * (the {@link MemoryFileOps.Hook} before each filesystem call, a liveness probe, a wait, or a
 * point of its plan: idle, holding) and parks there; the scheduler then picks who goes next from
 * the {@link Schedule}. So one step of a process is one filesystem call (or probe) plus the local
 * computation up to its next call: the granularity of the TLA+ spec's actions.
 * <pre>
 *   scheduler:  pick p ─ release(p.go) ─ acquire(back) ─ check invariants ─ pick ...
 *   process p:  ... park: release(back), acquire(p.go) ─ fs call ─ compute ─ park ...
 * </pre>
 * A kill marks the process dead (its probes answer DEAD from then on) and wakes it with
 * {@link Killed}, an {@code Error} that every later scheduling point throws again at once, so the
 * thread unwinds through the protocol's {@code finally} blocks without touching the filesystem;
 * its files stay. Spec steps it reports while unwinding are dropped.
 *
 * <p>Checked after every step: at most one live process believes it holds the lock; each live
 * holder's record is in place; each new holder's fencing token is larger than every earlier one;
 * for our protocol, each filesystem call, probe and wait was reported as one spec action.
 * With {@link Checks#ALL}, after the schedule: the live processes complete their plans within a
 * bounded number of round-robin steps, and after a final contended acquisition by two fresh
 * processes nothing of a dead process on our host remains.
 *
 * <p>Assumptions: the filesystem calls of {@link MemoryFileOps} are atomic; a probe is perfect
 * for processes on our host and UNKNOWN for processes on another (whoever asks, as in the spec);
 * all clocks are one simulated clock advancing one millisecond per step.
 */
public final class Simulation {

    /** What to check. */
    public enum Checks {
        /** Only mutual exclusion (two live holders), after every step: for showing that outcome. */
        MUTUAL_EXCLUSION,
        /** Safety only, after every step. */
        SAFETY,
        /** Safety, then liveness once kills stop, then that nothing of a dead process stays. */
        ALL
    }

    /** A property the run broke. */
    public record Violation(Kind kind, String message) {
        public enum Kind { SAFETY, LIVENESS, CLEANUP, ERROR }
    }

    /**
     * The outcome of one run.
     *
     * @param schedule  the schedule as executed: process numbers resolved, no-ops dropped (replays identically)
     * @param steps     the readable step list
     * @param trace     the spec actions performed, in order (our protocol only)
     * @param stepCount scheduler steps executed, final phases included
     * @param measures  numbers for tuning the bounds
     */
    public record Result(Optional<Violation> violation, Schedule schedule, List<String> steps, SpecTrace trace,
            int stepCount, Measures measures) {

        public boolean ok() {
            return violation.isEmpty();
        }

        /** The violation (if any), the replayable schedule and the step list. */
        public String report() {
            StringBuilder out = new StringBuilder();
            violation.ifPresent(v -> out.append(v.kind()).append(" violation: ").append(v.message()).append('\n'));
            out.append("schedule: ").append(schedule).append('\n');
            out.append("steps:\n");
            steps.forEach(s -> out.append(s).append('\n'));
            return out.toString();
        }
    }

    /**
     * @param livenessSteps             round-robin steps the live processes took to finish once kills stopped
     * @param livenessOutstanding       acquisitions they still had to make then
     * @param leftoversAfterUncontended files of dead processes left after a fresh process took the
     *                                  lock uncontended (a waiting acquirer sweeps them later)
     */
    public record Measures(int livenessSteps, int livenessOutstanding, int leftoversAfterUncontended) {}

    /** Thrown at a killed process's scheduling points: unwinds its thread without touching the filesystem. */
    static final class Killed extends Error {
        Killed() {
            super("killed", null, false, false);
        }
    }

    static final Path DIR = Path.of("/sim");
    static final Path LOCK = DIR.resolve("x.lock");
    private static final String HOST = "simhost";
    private static final String OTHER_HOST = "otherhost";
    private static final String BOOT = "5e1f0c0ffee0000000000000000000b7";
    private static final String PID_NS = "4026531836";
    private static final int MAX_PROCESSES = 9;
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HANG_SECONDS = 20;
    /** Round-robin steps allowed per outstanding acquisition once kills stop (measured need: see docs). */
    static final int LIVENESS_STEPS_PER_ACQUISITION = 400;

    private final LockVariants variants;
    private final Schedule schedule;
    private final Checks checks;
    private final MemoryFileOps fs = new MemoryFileOps().withEntryLocks();
    private final LockLayout layout = new LockLayout(LOCK);
    private final List<SimProcess> procs = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final SpecTrace trace = new SpecTrace();
    private final List<Schedule.Op> executed = new ArrayList<>();
    private final Semaphore back = new Semaphore(0);
    private final ThreadLocal<SimProcess> current = new ThreadLocal<>();
    private volatile long nowNanos = TimeUnit.SECONDS.toNanos(1000);
    private int stepNo;
    private long maxToken;
    private int nextPid = 101;
    private int nextStart = 5001;
    private int livenessSteps;
    private int livenessOutstanding;
    private int leftoversAfterUncontended;

    /** How the simulated failure detector answers. */
    public Simulation(LockVariants variants, Schedule schedule, Checks checks) {
        this.variants = variants;
        this.schedule = schedule;
        this.checks = checks;
        fs.mkdirs(DIR);
        fs.setHook((op, path) -> {
            SimProcess p = current.get();
            if (p != null) {
                park(p, op);
            }
        });
    }

    /** Runs {@code schedule} against {@code variants}. Deterministic: the same schedule gives the same result. */
    public static Result run(LockVariants variants, Schedule schedule, Checks checks) {
        return new Simulation(variants, schedule, checks).run();
    }

    public Result run() {
        Optional<Violation> violation = Optional.empty();
        try {
            for (Schedule.Plan plan : schedule.procs()) {
                start(plan, nextPid++);
            }
            for (Schedule.Op op : schedule.ops()) {
                violation = apply(op);
                if (violation.isPresent()) {
                    break;
                }
            }
            if (violation.isEmpty() && checks == Checks.ALL) {
                violation = finalPhases();
            }
        } catch (RuntimeException | AssertionError e) {
            violation = Optional.of(new Violation(Violation.Kind.ERROR, "simulation failed: " + e));
        } finally {
            shutdown();
        }
        violation.ifPresent(v -> steps.add("  !! " + v.kind() + ": " + v.message()));
        return new Result(violation, new Schedule(schedule.procs(), executed), List.copyOf(steps), trace, stepNo,
                new Measures(livenessSteps, livenessOutstanding, leftoversAfterUncontended));
    }

    // ------------------------------------------------------------------------------------------
    // The scheduler

    private Optional<Violation> apply(Schedule.Op op) {
        SimProcess p = procs.get(Math.floorMod(op.target(), procs.size()));
        if (op instanceof Schedule.Step) {
            if (p.killed || p.threadDone) {
                return Optional.empty(); // nothing to do: not a step
            }
            executed.add(new Schedule.Step(p.index));
            return stepAndCheck(p);
        } else if (op instanceof Schedule.Kill) {
            if (p.killed) {
                return Optional.empty();
            }
            executed.add(new Schedule.Kill(p.index));
            kill(p);
            return check();
        } else {
            if (procs.size() >= MAX_PROCESSES) {
                return Optional.empty();
            }
            executed.add(new Schedule.Spawn(p.index));
            long pid = p.identity.pid();
            boolean reuse = p.killed && !p.plan.otherHost() // a pid is reused only once its process is gone
                    && procs.stream().noneMatch(q -> !q.killed && !q.plan.otherHost() && q.identity.pid() == pid);
            SimProcess fresh = start(Schedule.Plan.spawned(), reuse ? p.identity.pid() : nextPid++);
            log("spawn " + fresh.name + (reuse ? " (reuses pid " + p.identity.pid() + " of dead " + p.name + ")" : ""));
            return Optional.empty();
        }
    }

    private Optional<Violation> stepAndCheck(SimProcess p) {
        stepNo++;
        nowNanos += STEP_NANOS;
        p.go.release();
        try {
            if (!back.tryAcquire(HANG_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(p.name + " did not reach a scheduling point within "
                        + HANG_SECONDS + " s: blocked outside the simulation's control");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return check();
    }

    private void kill(SimProcess p) {
        log("kill " + p.name + (p.holding ? " (holding the lock)" : ""));
        p.killed = true;
        trace.crash(p.name);
        if (!p.threadDone) {
            p.go.release(); // it throws Killed at its scheduling point and unwinds
            try {
                if (!back.tryAcquire(HANG_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(p.name + " did not unwind after being killed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        for (EntryFile entry : p.openEntries) { // the kernel drops a dead process's locks
            try {
                entry.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Called on a process's thread before each filesystem call, probe or wait. */
    private void park(SimProcess p, String what) {
        if (p.killed) {
            throw new Killed();
        }
        conformance(p);
        p.parkedAt = what;
        back.release();
        p.go.acquireUninterruptibly();
        if (p.killed) {
            throw new Killed();
        }
    }

    /**
     * Our protocol reports each filesystem call, probe and wait as exactly one spec action, in
     * the same step: checked at each scheduling point, so that a call the trace would not show
     * (and TLC could not judge) is caught here.
     */
    private void conformance(SimProcess p) {
        if (p.variant.reportsSpecActions() && p.calls != p.reportedCalls && p.error == null) {
            p.error = new AssertionError("made " + p.calls + " filesystem calls, probes and waits but reported "
                    + p.reportedCalls + " spec actions that perform one");
        }
    }

    /** Spec actions that perform no filesystem call, probe or wait. */
    private static final java.util.Set<SpecAction> NO_CALL = java.util.EnumSet.of(
            SpecAction.Start, SpecAction.AbandonStart, SpecAction.FenceFailed, SpecAction.LeaveCS, SpecAction.Spawn,
            SpecAction.ChildExit);

    private void shutdown() {
        for (SimProcess p : procs) {
            if (!p.threadDone) {
                p.killed = true;
                p.go.release();
                try {
                    back.tryAcquire(HANG_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        fs.setHook(MemoryFileOps.Hook.NONE);
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    private Optional<Violation> check() {
        for (SimProcess p : procs) {
            if (p.error != null) {
                return Optional.of(new Violation(Violation.Kind.ERROR, p.name + " failed: " + p.error));
            }
        }
        List<SimProcess> holders = procs.stream().filter(p -> p.holding && !p.killed).toList();
        if (holders.size() > 1) {
            return safety("live processes " + names(holders) + " all believe they hold the lock");
        }
        if (checks == Checks.MUTUAL_EXCLUSION) {
            return Optional.empty();
        }
        for (SimProcess h : holders) {
            boolean present = fs.withoutHook(h.variant::recordPresent);
            if (!present) {
                return safety(h.name + " believes it holds the lock, but its ownership record is gone");
            }
            if (h.newAcquisition) {
                h.newAcquisition = false;
                if (h.variant.token().isPresent()) {
                    long token = h.variant.token().getAsLong();
                    if (token <= maxToken) {
                        return safety(h.name + " got fencing token " + token + ", not above the earlier " + maxToken);
                    }
                    maxToken = token;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> safety(String message) {
        return Optional.of(new Violation(Violation.Kind.SAFETY, message));
    }

    /**
     * Kills stopped. Liveness: the live processes complete their plans within a bounded number of
     * round-robin steps, unless the lock is held by a dead process that none of them can judge
     * (another host's: probes across hosts answer UNKNOWN, so that blocks by design). Cleanup: two
     * fresh processes of our host take the lock, the second while the first holds it; then nothing
     * of a dead process on our host remains.
     */
    private Optional<Violation> finalPhases() {
        log("-- schedule ends; no more kills");
        List<SimProcess> live = procs.stream().filter(p -> !p.killed && !p.threadDone).toList();
        Optional<SimProcess> blocker = deadHolderNoneCanJudge(live);
        if (blocker.isPresent() && blocker.get().plan.otherHost()) {
            log("-- liveness not expected: dead " + blocker.get().name + " of another host holds the lock");
            return Optional.empty();
        }
        Optional<Violation> v;
        if (blocker.isPresent()) {
            log("-- liveness not expected of the live processes: none that still wants the lock is on dead " + blocker.get().name
                    + "'s host; fresh processes of that host will break it");
        } else {
            int outstanding = live.stream().mapToInt(p -> p.remainingAcquisitions()).sum();
            livenessOutstanding = outstanding;
            int before = stepNo;
            v = roundRobin(live, LIVENESS_STEPS_PER_ACQUISITION * (outstanding + 1), "kills stopped");
            livenessSteps = stepNo - before;
            if (v.isPresent()) {
                return v;
            }
        }
        log("-- two fresh processes acquire, the second while the first holds");
        SimProcess f1 = start(new Schedule.Plan(false, List.of(1), 0), nextPid++);
        SimProcess f2 = start(new Schedule.Plan(false, List.of(1), 0), nextPid++);
        int bound = LIVENESS_STEPS_PER_ACQUISITION;
        for (int i = 0; !f1.holding; i++) {
            if (f1.threadDone || i > bound) {
                return liveness(f1.name + " (fresh) did not get the free lock within " + bound + " steps");
            }
            v = stepAndCheck(f1);
            if (v.isPresent()) {
                return v;
            }
        }
        leftoversAfterUncontended = deadLeftovers().size();
        if (f1.variant.isOurs() && leftoversAfterUncontended > 0) {
            // A lock's first acquisition sweeps (spec Start -> sweepFirst): even uncontended, nothing may remain.
            return leftoversOfDead();
        }
        boolean f2Tried = false;
        for (int i = 0; !f2Tried; i++) {
            if (i > bound) {
                return liveness(f2.name + " (fresh) did not finish one try within " + bound + " steps");
            }
            v = stepAndCheck(f2);
            if (v.isPresent()) {
                return v;
            }
            f2Tried = f2.attempts > 0 && ("retry".equals(f2.parkedAt) || f2.holding);
        }
        v = roundRobin(List.of(f1, f2), 2 * bound, "fresh processes");
        if (v.isPresent()) {
            return v;
        }
        return leftoversOfDead();
    }

    private Optional<Violation> roundRobin(List<SimProcess> live, int bound, String phase) {
        int taken = 0;
        while (true) {
            List<SimProcess> running = live.stream().filter(p -> !p.killed && !p.threadDone).toList();
            if (running.isEmpty()) {
                return Optional.empty();
            }
            for (SimProcess p : running) {
                if (taken++ >= bound) {
                    return liveness("after " + bound + " round-robin steps (" + phase + "), "
                            + names(running) + " still have acquisitions to make (holding: "
                            + names(running.stream().filter(q -> q.holding).toList()) + ")");
                }
                Optional<Violation> v = stepAndCheck(p);
                if (v.isPresent()) {
                    return v;
                }
            }
        }
    }

    private static Optional<Violation> liveness(String message) {
        return Optional.of(new Violation(Violation.Kind.LIVENESS, message));
    }

    /**
     * A dead owner in P whose host no live process that still wants the lock shares: they may not
     * break it (Probe answers UNKNOWN), and those that could will not try (the spec's Progress
     * speaks of processes that keep trying).
     */
    private Optional<SimProcess> deadHolderNoneCanJudge(List<SimProcess> live) {
        List<String> entries = fs.withoutHook(() -> fs.kind(LOCK) == FileKind.DIRECTORY ? fs.list(LOCK) : List.of());
        for (String e : entries) {
            Optional<SimProcess> owner = OwnerId.parse(e).flatMap(o -> byIdentity(o.process()));
            if (owner.isPresent() && owner.get().killed
                    && live.stream().noneMatch(q -> q.remainingAcquisitions() > 0
                            && q.identity.host().equals(owner.get().identity.host()))) {
                return owner;
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> leftoversOfDead() {
        List<String> left = deadLeftovers();
        if (!left.isEmpty()) {
            return Optional.of(new Violation(Violation.Kind.CLEANUP,
                    "after a contended acquisition by fresh processes, files of dead processes remain: " + left));
        }
        log("-- nothing of a dead process remains: " + fs.withoutHook(() -> fs.list(DIR)).stream()
                .map(n -> label(DIR.resolve(n))).toList());
        return Optional.empty();
    }

    /** Temp dirs, fence temps and entries in P of dead processes of our host. */
    /** Files of dead processes of our host (the fresh processes' host: those they can judge). */
    private List<String> deadLeftovers() {
        List<String> left = new ArrayList<>();
        List<String> names = fs.withoutHook(() -> fs.list(DIR));
        for (String name : names) {
            Optional<OwnerId> owner = layout.leftover(name).map(LockLayout.Leftover::owner);
            if (owner.isPresent() && deadOfOurHost(owner.get())) {
                left.add(label(DIR.resolve(name)));
            }
        }
        if (fs.withoutHook(() -> fs.kind(LOCK)) == FileKind.DIRECTORY) {
            for (String e : fs.withoutHook(() -> fs.list(LOCK))) {
                Optional<OwnerId> owner = OwnerId.parse(e);
                if (owner.isPresent() && deadOfOurHost(owner.get())) {
                    left.add(label(LOCK.resolve(e)));
                }
            }
        }
        return left;
    }

    private boolean deadOfOurHost(OwnerId owner) {
        return owner.process().host().equals(HOST) && judge(owner.process()) == Liveness.DEAD;
    }

    // ------------------------------------------------------------------------------------------
    // Processes

    private SimProcess start(Schedule.Plan plan, long pid) {
        int index = procs.size();
        String name = "p" + (index + 1);
        ProcessIdentity id = new ProcessIdentity(plan.otherHost() ? OTHER_HOST : HOST, BOOT, PID_NS, pid, "k" + nextStart++);
        SimProcess p = new SimProcess(index, name, id, plan);
        AtomicInteger nonces = new AtomicInteger();
        Environment env = new Environment(new LoggedFileOps(p), owner -> probe(p, owner), id, clock(),
                parent -> waiter(p), new SplittableRandom(index * 7919L + pid), () -> Integer.toString(nonces.incrementAndGet(), 36),
                (owner, action, detail) -> {
                    if (!p.killed) {
                        trace.step(p.name, owner, action, detail);
                        if (!NO_CALL.contains(action)) {
                            p.reportedCalls++;
                        }
                    }
                });
        p.variant = variants.create(LOCK, env);
        procs.add(p);
        trace.process(p.name, id, plan.otherHost());
        p.thread = new Thread(() -> body(p), "sim-" + name);
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    /** The thread of one simulated process: waits for its first turn, then runs its plan. */
    private void body(SimProcess p) {
        current.set(p);
        try {
            p.go.acquireUninterruptibly();
            if (p.killed) {
                throw new Killed();
            }
            List<Integer> holds = p.plan.holds();
            for (int round = 0; round < holds.size(); round++) {
                if (round > 0) {
                    park(p, "idle");
                }
                while (!attempt(p)) {
                    park(p, "retry");
                }
                p.holding = true;
                p.newAcquisition = true;
                p.acquired++;
                log(p.name + ": holds the lock" + (p.variant.token().isPresent() ? ", token " + p.variant.token().getAsLong() : ""));
                for (int h = 0; h < holds.get(round); h++) {
                    park(p, "hold");
                }
                p.holding = false;
                log(p.name + ": releases");
                release(p);
            }
        } catch (Killed k) {
            // crash-stop: nothing more to do
        } catch (Throwable t) {
            p.error = t;
        } finally {
            if (!p.killed) {
                conformance(p);
            }
            p.threadDone = true;
            back.release();
        }
    }

    private void release(SimProcess p) throws IOException {
        try {
            p.variant.release();
        } catch (IOException e) {
            if (p.variant.isOurs()) {
                throw e;
            }
            log(p.name + ": release failed: " + e); // the seed's release: whatever happens, it is done
        }
    }

    private boolean attempt(SimProcess p) throws IOException {
        p.attempts++;
        boolean waits = p.plan.waitMillis() > 0 && p.variant.canWait();
        log(p.name + ": " + (waits ? "acquire, waiting up to " + p.plan.waitMillis() + " ms" : "tryAcquire"));
        boolean got;
        try {
            got = waits
                    ? p.variant.acquire(TimeUnit.MILLISECONDS.toNanos(p.plan.waitMillis()))
                    : p.variant.tryAcquire();
        } catch (IOException e) {
            if (p.variant.isOurs()) {
                throw e; // our protocol meets no I/O error here: a failure of the run
            }
            // The seed's port writes by path where the original writes through its fd: a file
            // removed under it fails here. Its caller would retry: so does the simulation.
            log(p.name + ": tryAcquire failed: " + e);
            return false;
        }
        if (!got) {
            log(p.name + ": gave up");
        }
        return got;
    }

    private static final class SimProcess {
        final int index;
        final String name;
        final ProcessIdentity identity;
        final Schedule.Plan plan;
        final Semaphore go = new Semaphore(0);
        LockVariant variant;
        Thread thread;
        // Written by the process's thread, read by the scheduler after the baton came back.
        volatile boolean killed;
        volatile boolean threadDone;
        volatile boolean holding;
        volatile boolean newAcquisition;
        volatile int acquired;
        volatile int attempts;
        volatile String parkedAt = "start";
        volatile Throwable error;
        final List<EntryFile> openEntries = new java.util.concurrent.CopyOnWriteArrayList<>(); // closed at kill, as at exit
        volatile int calls;         // filesystem calls, probes and waits made on its own thread
        volatile int reportedCalls; // spec actions reported that perform one

        SimProcess(int index, String name, ProcessIdentity identity, Schedule.Plan plan) {
            this.index = index;
            this.name = name;
            this.identity = identity;
            this.plan = plan;
        }

        int remainingAcquisitions() {
            return plan.holds().size() - acquired;
        }
    }

    private static String names(List<SimProcess> ps) {
        return ps.stream().map(p -> p.name).toList().toString();
    }

    // ------------------------------------------------------------------------------------------
    // The simulated environment

    private Liveness probe(SimProcess p, ProcessIdentity owner) {
        park(p, "probe");
        p.calls++;
        // The spec's Probe(p, o): perfect between processes of one host, UNKNOWN across hosts.
        Liveness verdict = owner.host().equals(p.identity.host()) ? judge(owner) : Liveness.UNKNOWN;
        log(p.name + ": probe(" + byIdentity(owner).map(q -> q.name).orElse(owner.describe()) + ") -> " + verdict);
        return verdict;
    }

    /** The truth about an owner, as a prober on its host sees it. */
    Liveness judge(ProcessIdentity owner) {
        Optional<SimProcess> p = byIdentity(owner);
        return p.isPresent() && !p.get().killed ? Liveness.ALIVE : Liveness.DEAD;
    }

    private Optional<SimProcess> byIdentity(ProcessIdentity id) {
        return procs.stream().filter(p -> p.identity.equals(id)).findFirst();
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public long nanoTime() {
                return nowNanos;
            }

            @Override
            public long currentTimeMillis() {
                return TimeUnit.NANOSECONDS.toMillis(nowNanos);
            }
        };
    }

    /** Waiting is one scheduling point: the wait ends when the process is picked again. */
    private LockWaiter waiter(SimProcess p) {
        return new LockWaiter() {
            @Override
            public long mark() {
                return 0;
            }

            @Override
            public void await(long mark, long nanos) {
                park(p, "wait");
                p.calls++;
                log(p.name + ": wakes");
            }

            @Override
            public void close() {}
        };
    }

    private void log(String line) {
        steps.add(String.format("%5d  %s", stepNo, line));
    }

    /** A short name for a path: P, P/p2#1, T[p2#1], T[p2#1]/p2#1, P.fence, F[p2#1], P.stale-p2... */
    String label(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.equals(LOCK)) {
            return "P";
        }
        if (p.equals(DIR)) {
            return "dir";
        }
        if (p.equals(layout.fence())) {
            return "P.fence";
        }
        if (p.getParent().equals(LOCK)) {
            return "P/" + owner(p.getFileName().toString());
        }
        if (p.getParent().equals(DIR)) {
            String name = p.getFileName().toString();
            Optional<LockLayout.Leftover> left = layout.leftover(name);
            if (left.isPresent()) {
                return (left.get().isTempDir() ? "T[" : "F[") + owner(left.get().owner().entryName()) + "]";
            }
            String stale = LOCK.getFileName() + ".stale-";
            if (name.startsWith(stale)) {
                String pid = name.substring(stale.length()).split("-")[0];
                return "P.stale(" + procs.stream().filter(q -> String.valueOf(q.identity.pid()).equals(pid))
                        .map(q -> q.name).reduce((a, b) -> b).orElse(pid) + ")";
            }
            return name;
        }
        if (p.getParent().getParent().equals(DIR)) {
            return label(p.getParent()) + "/" + owner(p.getFileName().toString());
        }
        return p.toString();
    }

    /** p2#1 for the first owner of process p2. */
    private String owner(String entryName) {
        Optional<OwnerId> o = OwnerId.parse(entryName);
        if (o.isEmpty()) {
            return entryName;
        }
        return byIdentity(o.get().process()).map(q -> q.name).orElse("?") + "#" + o.get().nonce();
    }

    private String content(Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return "absent";
        }
        String text = new String(bytes.get(), StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return "empty";
        }
        String first = text.split("\n")[0];
        if (first.matches("[0-9]+")) {
            return first;
        }
        return OwnerId.parse(first).isPresent() ? "\"" + owner(first) + "\"" : bytes.get().length + " bytes";
    }

    /** One process's view of the shared filesystem: logs each call with its outcome. */
    private final class LoggedFileOps implements FileOps {
        private final SimProcess p;

        LoggedFileOps(SimProcess p) {
            this.p = p;
        }

        private interface Call<T> {
            T run() throws IOException;
        }

        private <T> T call(String what, Call<T> body, java.util.function.Function<T, String> outcome) throws IOException {
            boolean mine = current.get() == p; // checkers look from the scheduler's thread: not logged
            try {
                T result = body.run();
                if (mine) {
                    p.calls++;
                }
                if (mine) {
                    log(p.name + ": " + what + " -> " + outcome.apply(result));
                }
                return result;
            } catch (IOException e) {
                if (mine) {
                    log(p.name + ": " + what + " -> " + errno(e));
                }
                throw e;
            }
        }

        private static String errno(IOException e) {
            if (e instanceof FileAlreadyExistsException) {
                return "EEXIST";
            }
            if (e instanceof NoSuchFileException) {
                return "ENOENT";
            }
            if (e instanceof NotDirectoryException) {
                return "ENOTDIR";
            }
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }

        @Override
        public void createDirectory(Path dir) throws IOException {
            call("mkdir(" + label(dir) + ")", () -> {
                fs.createDirectory(dir);
                return null;
            }, r -> "ok");
        }

        @Override
        public void createFile(Path file) throws IOException {
            call("create(" + label(file) + ")", () -> {
                fs.createFile(file);
                return null;
            }, r -> "ok");
        }

        @Override
        public EntryFile createEntry(Path file) throws IOException {
            EntryFile entry = call("create(" + label(file) + ")", () -> fs.createEntry(file), r -> "ok");
            p.openEntries.add(entry);
            return new EntryFile() {
                @Override
                public void write(byte[] content) throws IOException {
                    call("write(" + label(file) + ", " + content(Optional.of(content)) + ")", () -> {
                        entry.write(content);
                        return null;
                    }, r -> "ok");
                }

                @Override
                public boolean lock() throws IOException {
                    return entry.lock();
                }

                @Override
                public void close() throws IOException {
                    entry.close();
                    p.openEntries.remove(entry);
                }
            };
        }

        @Override
        public EntryLockState entryLock(Path file) throws IOException {
            return fs.entryLock(file); // part of a probe, which is one scheduling point already
        }

        @Override
        public void createFileBeside(Path dir, String member, String name) throws IOException {
            call("openat(" + label(dir) + " holding " + label(dir.resolve(member)) + ", " + label(dir.resolve(name)) + ")",
                    () -> {
                        fs.createFileBeside(dir, member, name);
                        return null;
                    }, r -> "ok");
        }

        @Override
        public void writeFile(Path file, byte[] content, boolean durable) throws IOException {
            call("write(" + label(file) + ", " + content(Optional.of(content)) + ")", () -> {
                fs.writeFile(file, content, durable);
                return null;
            }, r -> "ok");
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            call("fsync(" + label(dir) + ")", () -> {
                fs.syncDirectory(dir);
                return null;
            }, r -> "ok");
        }

        @Override
        public void createSymlink(Path link, String target) throws IOException {
            call("symlink(" + label(link) + ", " + target + ")", () -> {
                fs.createSymlink(link, target);
                return null;
            }, r -> "ok");
        }

        @Override
        public java.util.Optional<String> readSymlink(Path link) throws IOException {
            return call("readlink(" + label(link) + ")", () -> fs.readSymlink(link), r -> r.orElse("absent"));
        }

        @Override
        public boolean rename(Path from, Path to) throws IOException {
            String what = "rename(" + label(from) + ", " + label(to) + ")";
            return call(what, () -> fs.rename(from, to), ok -> ok ? "ok" : "ENOTEMPTY");
        }

        @Override
        public boolean deleteFile(Path file) throws IOException {
            return call("unlink(" + label(file) + ")", () -> fs.deleteFile(file), ok -> ok ? "ok" : "ENOENT");
        }

        @Override
        public RmdirResult deleteEmptyDirectory(Path dir) throws IOException {
            return call("rmdir(" + label(dir) + ")", () -> fs.deleteEmptyDirectory(dir), r -> switch (r) {
                case REMOVED -> "ok";
                case ABSENT -> "ENOENT";
                case NOT_EMPTY -> "ENOTEMPTY";
            });
        }

        @Override
        public List<String> list(Path dir) throws IOException {
            return call("readdir(" + label(dir) + ")", () -> fs.list(dir),
                    names -> names.stream().map(n -> label(dir.resolve(n))).toList().toString());
        }

        @Override
        public Optional<byte[]> readFile(Path file) throws IOException {
            return call("read(" + label(file) + ")", () -> fs.readFile(file), Simulation.this::content);
        }

        @Override
        public FileKind kind(Path path) throws IOException {
            return call("lstat(" + label(path) + ")", () -> fs.kind(path), FileKind::name);
        }

        @Override
        public Optional<Instant> modifiedTime(Path path) throws IOException {
            return call("lstat(" + label(path) + ")", () -> fs.modifiedTime(path), t -> t.map(Instant::toString).orElse("absent"));
        }

        @Override
        public String fileSystemType(Path path) {
            return fs.fileSystemType(path);
        }
    }
}
