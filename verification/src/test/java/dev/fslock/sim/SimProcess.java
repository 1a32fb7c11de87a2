package dev.fslock.sim;

import dev.fslock.NotALockException;
import dev.fslock.fs.EntryFile;
import dev.fslock.protocol.LockBreaker;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.testing.LockVariant;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One simulated process: who it is, its plan, what the scheduler and the checks see of it, and
 * the body of its thread, which runs the plan through its {@link LockVariant}.
 */
final class SimProcess {
    final int index;
    final String name;
    final ProcessIdentity identity;
    final Schedule.Plan plan;
    final Semaphore go = new Semaphore(0);
    LockVariant variant;
    LockBreaker breaker; // for a plan that runs `fslock break`
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
    final List<EntryFile> openEntries = new CopyOnWriteArrayList<>(); // closed at kill, as at exit
    volatile int calls;         // filesystem calls, probes and waits made on its own thread
    volatile int reportedCalls; // spec actions reported that perform one

    SimProcess(int index, String name, ProcessIdentity identity, Schedule.Plan plan) {
        this.index = index;
        this.name = name;
        this.identity = identity;
        this.plan = plan;
    }

    int remainingAcquisitions() {
        return plan.breaker() ? 0 : plan.holds().size() - acquired;
    }

    static String names(List<SimProcess> ps) {
        return ps.stream().map(p -> p.name).toList().toString();
    }

    /** The thread of this process: waits for its first turn, then runs its plan. */
    void body(Scheduler scheduler, StepLog log) {
        try {
            scheduler.enter(this);
            if (plan.breaker()) {
                breakOnce(log);
                return;
            }
            List<Integer> holds = plan.holds();
            for (int round = 0; round < holds.size(); round++) {
                if (round > 0) {
                    scheduler.park(this, "idle");
                }
                while (!attempt(log)) {
                    scheduler.park(this, "retry");
                }
                holding = true;
                newAcquisition = true;
                acquired++;
                log.log(name + ": holds the lock"
                        + (variant.token().isPresent() ? ", token " + variant.token().getAsLong() : ""));
                for (int h = 0; h < holds.get(round); h++) {
                    scheduler.park(this, "hold");
                }
                holding = false;
                log.log(name + ": releases");
                release(log);
            }
        } catch (Scheduler.Killed k) {
            // crash-stop: nothing more to do
        } catch (Throwable t) {
            error = t;
        } finally {
            if (!killed && !plan.breaker()) {
                Invariants.checkCallsReported(this);
            }
            scheduler.exit(this);
        }
    }

    /** {@code fslock break} without --force: what it removed, or that P was not a lock (refused, nothing removed). */
    private void breakOnce(StepLog log) throws IOException {
        if (!variant.isOurs()) {
            log.log(name + ": no fslock break for this lock variant");
            return;
        }
        log.log(name + ": fslock break");
        try {
            for (LockBreaker.Action a : breaker.breakLock(false)) {
                log.log(name + ": " + (a.removed() ? "removed " : "kept ") + a.path() + " (" + a.why() + ")");
            }
        } catch (NotALockException e) {
            log.log(name + ": refused: " + e.getMessage());
        }
    }

    private void release(StepLog log) throws IOException {
        try {
            variant.release();
        } catch (IOException e) {
            if (variant.isOurs()) {
                throw e;
            }
            log.log(name + ": release failed: " + e); // the seed's release: whatever happens, it is done
        }
    }

    private boolean attempt(StepLog log) throws IOException {
        attempts++;
        boolean waits = plan.waitMillis() > 0 && variant.canWait();
        log.log(name + ": " + (waits ? "acquire, waiting up to " + plan.waitMillis() + " ms" : "tryAcquire"));
        boolean got;
        try {
            got = waits ? variant.acquire(TimeUnit.MILLISECONDS.toNanos(plan.waitMillis())) : variant.tryAcquire();
        } catch (IOException e) {
            if (variant.isOurs()) {
                throw e; // our protocol meets no I/O error here: a failure of the run
            }
            // The seed's port writes by path where the original writes through its fd: a file
            // removed under it fails here. Its caller would retry: so does the simulation.
            log.log(name + ": tryAcquire failed: " + e);
            return false;
        }
        if (!got) {
            log.log(name + ": gave up");
        }
        return got;
    }
}
