package dev.fslock.sim;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Generates {@link Schedule}s. Weights: mostly steps, some kills and spawns (pid reuse), one
 * process in six on another host, one process in four waiting instead of trying once, one
 * schedule in three with a process that runs {@code fslock break} once. Shrinking
 * removes ops, turns kills and spawns into steps, lowers process numbers, drops processes and
 * rounds, and shortens holds: the shrunk schedule is close to the shortest story of the failure.
 */
public final class Schedules {
    /** Most ops a generated schedule has. */
    public static final int MAX_OPS = 160;
    /** Process numbers generated (taken modulo the processes existing at that point). */
    private static final int TARGETS = 8;

    private Schedules() {}

    public static Arbitrary<Schedule> schedules() {
        Arbitrary<Schedule.Plan> plan = Combinators.combine(
                        Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)),
                        Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 40)))
                .as(Schedule.Plan::new);
        Arbitrary<Integer> target = Arbitraries.integers().between(0, TARGETS - 1);
        Arbitrary<Schedule.Op> op = Arbitraries.frequencyOf(
                Tuple.of(90, target.map(Schedule.Step::new)),
                Tuple.of(7, target.map(Schedule.Kill::new)),
                Tuple.of(3, target.map(Schedule.Spawn::new)));
        // One schedule in three also runs one `fslock break`, as the last process present from the start.
        Arbitrary<Boolean> withBreaker = Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true));
        return Combinators.combine(
                        plan.list().ofMinSize(2).ofMaxSize(5),
                        op.list().ofMinSize(1).ofMaxSize(MAX_OPS).withSizeDistribution(RandomDistribution.uniform()),
                        withBreaker)
                .as((plans, ops, breaker) -> new Schedule(breaker ? withBreaker(plans) : plans, ops));
    }

    /**
     * As {@link #schedules()}, without kills: no process ever dies, so no lock is ever stale. A
     * planted bug caught on these is caught for what it plants, not for the seed's race on a dead
     * holder's file, which the variants built on the seed's lock still contain.
     */
    public static Arbitrary<Schedule> schedulesWithoutCrashes() {
        return schedules().map(s -> new Schedule(s.procs(),
                s.ops().stream().filter(o -> !(o instanceof Schedule.Kill)).toList()));
    }

    private static java.util.List<Schedule.Plan> withBreaker(java.util.List<Schedule.Plan> plans) {
        java.util.List<Schedule.Plan> out = new java.util.ArrayList<>(plans);
        out.add(Schedule.Plan.breakOnce());
        return out;
    }
}
