package dev.fslock.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;
import org.junit.jupiter.api.Assumptions;

/**
 * The numbers behind the simulation's settings (docs/verification-simulation.md), measured the
 * way jqwik generates: {@code mvn test -Dtest=SimulationMeasure -Dfslock.sim.measure=true}
 * ({@code -Dfslock.sim.measure.seeds=20 -Dfslock.sim.measure.runs=2000}). Skipped otherwise.
 */
class SimulationMeasure {

    /**
     * For docs: per seed variant, the shortest schedule found that ends with two live processes
     * holding the lock (mutual exclusion only, so the run goes past the first lost record).
     */
    @Example
    void seedStories() {
        Assumptions.assumeTrue(Boolean.getBoolean("fslock.sim.measure"), "measurements run with -Dfslock.sim.measure=true");
        for (SimVariant v : List.of(SimVariant.SEED_UNLINK, SimVariant.SEED_RENAME_STEAL)) {
            RandomGenerator<Schedule> gen = Schedules.schedules().generator(2000);
            Random random = new Random(1);
            Simulation.Result found = null;
            for (int n = 0; found == null && n < 100_000; n++) {
                Simulation.Result r = v.run(gen.next(random).value(), Simulation.Checks.MUTUAL_EXCLUSION);
                if (!r.ok()) {
                    found = r;
                }
            }
            Simulation.Result minimal = ScheduleMinimizer.minimize(found, s -> {
                Simulation.Result r = v.run(s, Simulation.Checks.MUTUAL_EXCLUSION);
                return r.violation().filter(x -> x.kind() == Simulation.Violation.Kind.SAFETY).map(x -> r);
            });
            System.out.println(v.label() + " (mutual exclusion only):\n" + minimal.report());
        }
    }

    @Example
    void measure() {
        Assumptions.assumeTrue(Boolean.getBoolean("fslock.sim.measure"), "measurements run with -Dfslock.sim.measure=true");
        int seeds = Integer.getInteger("fslock.sim.measure.seeds", 20);
        int runs = Integer.getInteger("fslock.sim.measure.runs", 2000);
        for (SimVariant v : List.of(SimVariant.SEED_UNLINK, SimVariant.SEED_RENAME_STEAL)) {
            RandomGenerator<Schedule> gen = Schedules.schedules().generator(2000);
            List<Integer> tries = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                Random random = new Random(seed);
                long t0 = System.nanoTime();
                int n = 0;
                boolean found = false;
                while (!found && n < 100_000) {
                    n++;
                    found = v.counted(v.run(gen.next(random).value())).isPresent();
                }
                tries.add(found ? n : -1);
                millis.add((System.nanoTime() - t0) / 1_000_000);
            }
            List<Integer> sorted = new ArrayList<>(tries);
            Collections.sort(sorted);
            System.out.printf("%s: tries to find over %d seeds: %s; median %d, max %d; ms: %s%n", v.label(), seeds, tries,
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis);
        }
        RandomGenerator<Schedule> gen = Schedules.schedules().generator(1000);
        Random random = new Random(7);
        long t0 = System.nanoTime();
        int failed = 0;
        int livenessRuns = 0;
        double worstPerAcquisition = 0;
        int worstSteps = 0;
        int uncontendedLeft = 0;
        int withDeadLeftovers = 0;
        for (int i = 0; i < runs; i++) {
            Simulation.Result r = SimVariant.FSLOCK.run(gen.next(random).value());
            if (!r.ok()) {
                failed++;
                System.out.println(r.report());
            }
            Simulation.Measures m = r.measures();
            if (m.livenessSteps() > 0) {
                livenessRuns++;
                worstSteps = Math.max(worstSteps, m.livenessSteps());
                worstPerAcquisition = Math.max(worstPerAcquisition, m.livenessSteps() / (double) (m.livenessOutstanding() + 1));
            }
            if (m.leftoversAfterUncontended() > 0) {
                uncontendedLeft++;
            }
            if (r.trace().count("Crash") > 0) {
                withDeadLeftovers++;
            }
        }
        System.out.printf("fslock: %d runs in %d ms, %d failed; liveness phase in %d runs: at most %d steps,"
                        + " %.1f per outstanding acquisition (+1) (bound %d); %d runs (of %d with a crash) had files of"
                        + " dead processes left after an uncontended acquisition by a fresh process%n",
                runs, (System.nanoTime() - t0) / 1_000_000, failed, livenessRuns, worstSteps, worstPerAcquisition,
                FinalPhases.LIVENESS_STEPS_PER_ACQUISITION, uncontendedLeft, withDeadLeftovers);
    }
}
