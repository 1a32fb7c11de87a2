package dev.fslock.sim;

import dev.fslock.fs.EntryFile;
import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockBreaker;
import dev.fslock.protocol.LockLayout;
import dev.fslock.testing.LockVariants;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.WaitQueue;
import dev.fslock.wait.WaitStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The world the simulated processes share: one in-memory filesystem with one lock in it, the
 * process table, and what each process's {@link Environment} is made of: its {@link
 * ProcessIdentity}, a {@link LivenessProbe} answering from the process table, the one simulated
 * clock, waiting, and its view of the filesystem ({@link LoggedFileOps}). Every filesystem call,
 * probe and wait is a scheduling point.
 *
 * <p>Assumptions: the filesystem calls of {@link MemoryFileOps} are atomic; a probe is perfect
 * for processes on our host and UNKNOWN for processes on another (whoever asks, as in the spec);
 * all clocks are one simulated clock advancing one millisecond per step.
 */
final class SimWorld {
    static final Path DIR = Path.of("/sim");
    static final Path LOCK = DIR.resolve("x.lock");
    static final String HOST = "simhost";
    private static final String OTHER_HOST = "otherhost";
    private static final String BOOT = "5e1f0c0ffee0000000000000000000b7";
    private static final String PID_NS = "4026531836";
    private static final int MAX_PROCESSES = 9;

    final MemoryFileOps fs = new MemoryFileOps().withEntryLocks();
    final LockLayout layout = new LockLayout(LOCK);
    final ProcessTable procs = new ProcessTable();
    final StepLog log = new StepLog(procs, layout);
    final SimClock clock = new SimClock();
    final Scheduler scheduler = new Scheduler(clock, log);
    final SpecTrace trace = new SpecTrace();
    private final LockVariants variants;
    /** The processes holding the kernel lock of NAME.queue (the spec's queue): at most one here. */
    private final java.util.Set<SimProcess> queue = new java.util.concurrent.CopyOnWriteArraySet<>();
    private int nextPid = 101;
    private int nextStart = 5001;

    SimWorld(LockVariants variants) {
        this.variants = variants;
        fs.mkdirs(DIR);
        fs.setHook((op, path) -> {
            SimProcess p = scheduler.current();
            if (p != null) {
                scheduler.park(p, op);
            }
        });
    }

    /** Starts a process with a new pid; its thread waits for its first turn. */
    SimProcess start(Schedule.Plan plan) {
        return start(plan, nextPid++);
    }

    /** Room for one more process? */
    boolean canSpawn() {
        return procs.size() < MAX_PROCESSES;
    }

    /** A new process, reusing the pid of {@code p} if p is dead (with a later start time). */
    SimProcess spawn(SimProcess p) {
        long pid = p.identity.pid();
        boolean reuse = p.killed && !p.plan.otherHost() // a pid is reused only once its process is gone
                && procs.all().stream().noneMatch(q -> !q.killed && !q.plan.otherHost() && q.identity.pid() == pid);
        SimProcess fresh = start(Schedule.Plan.spawned(), reuse ? p.identity.pid() : nextPid++);
        log.log("spawn " + fresh.name + (reuse ? " (reuses pid " + p.identity.pid() + " of dead " + p.name + ")" : ""));
        return fresh;
    }

    /** Crash-stop: {@code p} dies where it is parked; its files stay, the kernel drops its locks. */
    void kill(SimProcess p) {
        log.log("kill " + p.name + (p.holding ? " (holding the lock)" : ""));
        p.killed = true;
        trace.crash(p.name);
        scheduler.unwind(p);
        queue.remove(p); // the kernel drops a dead process's lock on NAME.queue too
        for (EntryFile entry : p.openEntries) { // the kernel drops a dead process's locks
            try {
                entry.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Ends every process still running, and the filesystem's scheduling points. */
    void shutdown() {
        scheduler.shutdown(procs.all());
        fs.setHook(MemoryFileOps.Hook.NONE);
    }

    private SimProcess start(Schedule.Plan plan, long pid) {
        int index = procs.size();
        String name = "p" + (index + 1);
        ProcessIdentity id = new ProcessIdentity(plan.otherHost() ? OTHER_HOST : HOST, BOOT, PID_NS, pid, "k" + nextStart++);
        SimProcess p = new SimProcess(index, name, id, plan);
        AtomicInteger nonces = new AtomicInteger();
        Environment env = new Environment(new LoggedFileOps(p, fs, scheduler, log), owner -> probe(p, owner), id, clock,
                waits(p), new SplittableRandom(index * 7919L + pid), () -> Integer.toString(nonces.incrementAndGet(), 36),
                (owner, action, detail) -> {
                    if (!p.killed) {
                        trace.step(p.name, owner, action, detail);
                        Invariants.reported(p, action, detail);
                    }
                });
        p.variant = variants.create(LOCK, env);
        procs.add(p);
        if (plan.breaker()) {
            p.breaker = new LockBreaker(layout, env);
            trace.breaker(p.name);
        } else {
            trace.process(p.name, id, plan.otherHost());
        }
        p.thread = new Thread(() -> p.body(scheduler, log), "sim-" + name);
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    private Liveness probe(SimProcess p, ProcessIdentity owner) {
        scheduler.park(p, "probe");
        p.calls++;
        // The spec's Probe(p, o): perfect between processes of one host, UNKNOWN across hosts.
        Liveness verdict = owner.host().equals(p.identity.host()) ? procs.judge(owner) : Liveness.UNKNOWN;
        log.log(p.name + ": probe(" + procs.byIdentity(owner).map(q -> q.name).orElse(owner.describe()) + ") -> " + verdict);
        return verdict;
    }

    /** Waiting, and the queue: see {@link #waiter} and {@link #queue}. */
    private WaitStrategy waits(SimProcess p) {
        return new WaitStrategy() {
            @Override
            public LockWaiter watchLock(Path lock) {
                return waiter(p);
            }

            @Override
            public WaitQueue queue(Path queueFile) {
                return new WaitQueue() {
                    @Override
                    public Place join(long timeoutNanos) {
                        return joinQueue(p, "queue");
                    }

                    @Override
                    public Place tryJoin() {
                        return joinQueue(p, "trylock queue");
                    }
                };
            }
        };
    }

    /**
     * The queue's lock, in memory: waiting for it (or a fresh acquirer's try) is one scheduling
     * point; when the process is picked again, it is the head if the lock is free, else its wait
     * timed out (the spec's QueueJoin and QueueBypass), or the try found it taken (QueueBehind). A
     * killed process's lock is dropped ({@link #kill}).
     */
    private WaitQueue.Place joinQueue(SimProcess p, String call) {
        scheduler.park(p, call);
        p.calls++;
        if (!queue.isEmpty()) {
            log.log(p.name + ": " + call + ": taken by " + queue.iterator().next().name);
            return WaitQueue.Place.timedOut();
        }
        queue.add(p);
        log.log(p.name + ": head of the queue");
        return new WaitQueue.Place() {
            @Override
            public boolean isHead() {
                return true;
            }

            @Override
            public boolean isUnavailable() {
                return false;
            }

            @Override
            public void close() {
                if (queue.contains(p)) {
                    scheduler.park(p, "unlock queue"); // close(NAME.queue): one call
                    p.calls++;
                    queue.remove(p);
                    log.log(p.name + ": leaves the queue");
                }
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
                scheduler.park(p, "wait");
                p.calls++;
                log.log(p.name + ": wakes");
            }

            @Override
            public void close() {}
        };
    }
}
