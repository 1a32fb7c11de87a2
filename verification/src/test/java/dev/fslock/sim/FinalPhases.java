package dev.fslock.sim;

import dev.fslock.fs.FileKind;
import dev.fslock.process.Liveness;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.OwnerId;
import dev.fslock.sim.Simulation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * After the schedule, with {@link Simulation.Checks#ALL}: kills stop. Liveness: the live processes
 * complete their plans within a bounded number of round-robin steps, unless the lock is held by a
 * dead process that none of them can judge (another host's: probes across hosts answer UNKNOWN, so
 * that blocks by design). Cleanup: two fresh processes of our host take the lock, the second while
 * the first holds it; then nothing of a dead process on our host remains.
 */
final class FinalPhases {
    /** Round-robin steps allowed per outstanding acquisition once kills stop (measured need: see docs). */
    static final int LIVENESS_STEPS_PER_ACQUISITION = 400;

    private final SimWorld world;
    private final StepLog log;
    private final Function<SimProcess, Optional<Violation>> stepAndCheck;
    private int livenessSteps;
    private int livenessOutstanding;
    private int leftoversAfterUncontended;

    /** {@code stepAndCheck}: one scheduler step of a process, then the invariants. */
    FinalPhases(SimWorld world, Function<SimProcess, Optional<Violation>> stepAndCheck) {
        this.world = world;
        this.log = world.log;
        this.stepAndCheck = stepAndCheck;
    }

    /** What the phases measured (zeros if they did not run). */
    Simulation.Measures measures() {
        return new Simulation.Measures(livenessSteps, livenessOutstanding, leftoversAfterUncontended);
    }

    Optional<Violation> run() {
        log.log("-- schedule ends; no more kills");
        List<SimProcess> live = world.procs.all().stream().filter(p -> !p.killed && !p.threadDone).toList();
        Optional<SimProcess> blocker = deadHolderNoneCanJudge(live);
        if (blocker.isPresent() && blocker.get().plan.otherHost()) {
            log.log("-- liveness not expected: dead " + blocker.get().name + " of another host holds the lock");
            return Optional.empty();
        }
        Optional<Violation> v;
        if (blocker.isPresent()) {
            log.log("-- liveness not expected of the live processes: none that still wants the lock is on dead "
                    + blocker.get().name + "'s host; fresh processes of that host will break it");
        } else {
            int outstanding = live.stream().mapToInt(p -> p.remainingAcquisitions()).sum();
            livenessOutstanding = outstanding;
            int before = log.steps();
            v = roundRobin(live, LIVENESS_STEPS_PER_ACQUISITION * (outstanding + 1), "kills stopped");
            livenessSteps = log.steps() - before;
            if (v.isPresent()) {
                return v;
            }
        }
        log.log("-- two fresh processes acquire, the second while the first holds");
        SimProcess f1 = world.start(new Schedule.Plan(false, List.of(1), 0));
        SimProcess f2 = world.start(new Schedule.Plan(false, List.of(1), 0));
        int bound = LIVENESS_STEPS_PER_ACQUISITION;
        for (int i = 0; !f1.holding; i++) {
            if (f1.threadDone || i > bound) {
                return liveness(f1.name + " (fresh) did not get the free lock within " + bound + " steps");
            }
            v = stepAndCheck.apply(f1);
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
            v = stepAndCheck.apply(f2);
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
                            + SimProcess.names(running) + " still have acquisitions to make (holding: "
                            + SimProcess.names(running.stream().filter(q -> q.holding).toList()) + ")");
                }
                Optional<Violation> v = stepAndCheck.apply(p);
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
        List<String> entries = world.fs.withoutHook(() -> world.fs.kind(SimWorld.LOCK) == FileKind.DIRECTORY
                ? world.fs.list(SimWorld.LOCK) : List.of());
        for (String e : entries) {
            Optional<SimProcess> owner = OwnerId.parse(e).flatMap(o -> world.procs.byIdentity(o.process()));
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
        log.log("-- nothing of a dead process remains: " + world.fs.withoutHook(() -> world.fs.list(SimWorld.DIR)).stream()
                .map(n -> log.label(SimWorld.DIR.resolve(n))).toList());
        return Optional.empty();
    }

    /** Files of dead processes of our host (the fresh processes' host: those they can judge). */
    private List<String> deadLeftovers() {
        List<String> left = new ArrayList<>();
        List<String> names = world.fs.withoutHook(() -> world.fs.list(SimWorld.DIR));
        for (String name : names) {
            Optional<OwnerId> owner = world.layout.leftover(name).map(LockLayout.Leftover::owner);
            if (owner.isPresent() && deadOfOurHost(owner.get())) {
                left.add(log.label(SimWorld.DIR.resolve(name)));
            }
        }
        if (world.fs.withoutHook(() -> world.fs.kind(SimWorld.LOCK)) == FileKind.DIRECTORY) {
            for (String e : world.fs.withoutHook(() -> world.fs.list(SimWorld.LOCK))) {
                Optional<OwnerId> owner = OwnerId.parse(e);
                if (owner.isPresent() && deadOfOurHost(owner.get())) {
                    left.add(log.label(SimWorld.LOCK.resolve(e)));
                }
            }
        }
        return left;
    }

    private boolean deadOfOurHost(OwnerId owner) {
        return owner.process().host().equals(SimWorld.HOST) && world.procs.judge(owner.process()) == Liveness.DEAD;
    }
}
