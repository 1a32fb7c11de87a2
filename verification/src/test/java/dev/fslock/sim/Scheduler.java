package dev.fslock.sim;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Baton passing: exactly one simulated process runs at a time. A process runs until its next
 * scheduling point and parks there ({@link #park}); the scheduler's thread then picks who goes
 * next ({@link #step}).
 * <pre>
 *   scheduler:  pick p ─ release(p.go) ─ acquire(back) ─ check invariants ─ pick ...
 *   process p:  ... park: release(back), acquire(p.go) ─ fs call ─ compute ─ park ...
 * </pre>
 */
final class Scheduler {

    /** Thrown at a killed process's scheduling points: unwinds its thread without touching the filesystem. */
    static final class Killed extends Error {
        Killed() {
            super("killed", null, false, false);
        }
    }

    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HANG_SECONDS = 20;

    private final Semaphore back = new Semaphore(0);
    private final ThreadLocal<SimProcess> current = new ThreadLocal<>();
    private final SimClock clock;
    private final StepLog log;

    Scheduler(SimClock clock, StepLog log) {
        this.clock = clock;
        this.log = log;
    }

    /** The process whose thread this is; null on the scheduler's thread (checkers look from there). */
    SimProcess current() {
        return current.get();
    }

    /** One step of {@code p}: the clock advances, p runs to its next scheduling point. */
    void step(SimProcess p) {
        log.nextStep();
        clock.advance(STEP_NANOS);
        p.go.release();
        awaitBaton(p.name + " did not reach a scheduling point within " + HANG_SECONDS
                + " s: blocked outside the simulation's control");
    }

    /** {@code p} was marked killed: wakes it so that it throws {@link Killed} and unwinds. */
    void unwind(SimProcess p) {
        if (!p.threadDone) {
            p.go.release(); // it throws Killed at its scheduling point and unwinds
            awaitBaton(p.name + " did not unwind after being killed");
        }
    }

    private void awaitBaton(String hang) {
        try {
            if (!back.tryAcquire(HANG_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(hang);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** On {@code p}'s thread, first: waits for its first turn. */
    void enter(SimProcess p) {
        current.set(p);
        p.go.acquireUninterruptibly();
        if (p.killed) {
            throw new Killed();
        }
    }

    /** On {@code p}'s thread, before each filesystem call, probe or wait: gives the baton back until picked again. */
    void park(SimProcess p, String what) {
        if (p.killed) {
            throw new Killed();
        }
        if (!p.plan.breaker()) {
            Invariants.checkCallsReported(p);
        }
        p.parkedAt = what;
        back.release();
        p.go.acquireUninterruptibly();
        if (p.killed) {
            throw new Killed();
        }
    }

    /** On {@code p}'s thread, last: its plan is over (or it died); the baton goes back for good. */
    void exit(SimProcess p) {
        p.threadDone = true;
        back.release();
    }

    /** Ends every thread still running: each is killed and unwinds. */
    void shutdown(List<SimProcess> procs) {
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
    }
}
