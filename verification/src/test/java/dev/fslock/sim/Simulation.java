package dev.fslock.sim;

import dev.fslock.protocol.Environment;
import dev.fslock.testing.LockVariant;
import dev.fslock.testing.LockVariants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic simulation of several processes using one lock on one in-memory filesystem.
 *
 * <h2>Overview</h2>
 * Each simulated process ({@link SimProcess}) runs the production protocol (through a {@link
 * LockVariant}) in its own thread, with its own {@link Environment} made by the {@link SimWorld}.
 * The threads pass a baton ({@link Scheduler}): exactly one runs at a time. A process runs until
 * its next <em>scheduling point</em> (before each filesystem call, a liveness probe, a wait, or a
 * point of its plan: idle, holding) and parks there; this class then picks who goes next from the
 * {@link Schedule}. So one step of a process is one filesystem call (or probe) plus the local
 * computation up to its next call: the granularity of the TLA+ spec's actions.
 *
 * <p>A kill marks the process dead (its probes answer DEAD from then on) and wakes it with
 * {@link Scheduler.Killed}, an {@code Error} that every later scheduling point throws again at
 * once, so the thread unwinds through the protocol's {@code finally} blocks without touching the
 * filesystem; its files stay. Spec steps it reports while unwinding are dropped.
 *
 * <p>Checked after every step ({@link Invariants}): at most one live process believes it holds
 * the lock; each live holder's record is in place; each new holder's fencing token is larger than
 * every earlier one; for our protocol, each filesystem call, probe and wait was reported as one
 * spec action. With {@link Checks#ALL}, after the schedule ({@link FinalPhases}): the live
 * processes complete their plans within a bounded number of round-robin steps, and after a final
 * contended acquisition by two fresh processes nothing of a dead process on our host remains.
 * What happened is told by the {@link StepLog} and recorded as spec actions in the {@link SpecTrace}.
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

    private final Schedule schedule;
    private final Checks checks;
    private final SimWorld world;
    private final Invariants invariants;
    private final FinalPhases finalPhases;
    private final List<Schedule.Op> executed = new ArrayList<>();

    public Simulation(LockVariants variants, Schedule schedule, Checks checks) {
        this.schedule = schedule;
        this.checks = checks;
        this.world = new SimWorld(variants);
        this.invariants = new Invariants(checks, world.procs, world.fs);
        this.finalPhases = new FinalPhases(world, this::stepAndCheck);
    }

    /** Runs {@code schedule} against {@code variants}. Deterministic: the same schedule gives the same result. */
    public static Result run(LockVariants variants, Schedule schedule, Checks checks) {
        return new Simulation(variants, schedule, checks).run();
    }

    public Result run() {
        Optional<Violation> violation = Optional.empty();
        try {
            for (Schedule.Plan plan : schedule.procs()) {
                world.start(plan);
            }
            for (Schedule.Op op : schedule.ops()) {
                violation = apply(op);
                if (violation.isPresent()) {
                    break;
                }
            }
            if (violation.isEmpty() && checks == Checks.ALL) {
                violation = finalPhases.run();
            }
        } catch (RuntimeException | AssertionError e) {
            violation = Optional.of(new Violation(Violation.Kind.ERROR, "simulation failed: " + e));
        } finally {
            world.shutdown();
        }
        violation.ifPresent(v -> world.log.note("  !! " + v.kind() + ": " + v.message()));
        return new Result(violation, new Schedule(schedule.procs(), executed), world.log.lines(), world.trace,
                world.log.steps(), finalPhases.measures());
    }

    /** One op of the schedule; an op that does nothing (step a dead process...) is dropped from the executed schedule. */
    private Optional<Violation> apply(Schedule.Op op) {
        SimProcess p = world.procs.get(Math.floorMod(op.target(), world.procs.size()));
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
            world.kill(p);
            return invariants.check();
        } else {
            if (!world.canSpawn()) {
                return Optional.empty();
            }
            executed.add(new Schedule.Spawn(p.index));
            world.spawn(p);
            return Optional.empty();
        }
    }

    private Optional<Violation> stepAndCheck(SimProcess p) {
        world.scheduler.step(p);
        return invariants.check();
    }
}
