package dev.fslock.sim;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Replays one schedule as printed by a failing simulation and prints its step list:
 * {@code mvn test -Dtest=SimulationReplay -Dfslock.sim.replay='1|2;1 2 k1 2'} (add
 * {@code -Dfslock.sim.variant=seed-unlink} or {@code seed-rename-steal} for the seed's protocols;
 * {@code -Dfslock.sim.checks=mutual_exclusion} to check only for two holders; {@code
 * -Dfslock.sim.trace=true} to print the spec actions too).
 * Skipped when no schedule is given.
 */
class SimulationReplay {
    @Test
    void replay() {
        String text = System.getProperty("fslock.sim.replay", "");
        Assumptions.assumeFalse(text.isBlank(), "no -Dfslock.sim.replay given");
        SimVariant variant = SimVariant.byLabel(System.getProperty("fslock.sim.variant", "fslock"));
        String checks = System.getProperty("fslock.sim.checks", "");
        Simulation.Result result = checks.isBlank() ? variant.run(Schedule.parse(text))
                : variant.run(Schedule.parse(text), Simulation.Checks.valueOf(checks.toUpperCase(java.util.Locale.ROOT)));
        System.out.println(variant.label() + ": " + result.report());
        if (Boolean.getBoolean("fslock.sim.trace")) {
            System.out.println(result.trace());
        }
    }
}
