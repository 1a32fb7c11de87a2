package dev.fslock.sim;

import dev.fslock.testing.LockVariants;
import java.util.Arrays;
import java.util.Optional;

/** The protocols the simulation runs, and what it checks on each. */
public enum SimVariant {
    /** Ours: safety, liveness and cleanup must hold. */
    FSLOCK("fslock", LockVariants.FSLOCK, Simulation.Checks.ALL),
    /** The seed before the pull request: must be caught breaking safety. */
    SEED_UNLINK("seed-unlink", LockVariants.SEED_UNLINK, Simulation.Checks.SAFETY),
    /** The pull request's rename steal: must be caught breaking safety. */
    SEED_RENAME_STEAL("seed-rename-steal", LockVariants.SEED_RENAME_STEAL, Simulation.Checks.SAFETY),
    // The bug catalog (docs/counterexamples.md): each must be caught breaking safety.
    /** Staleness by age, a limit of 5 ms (5 steps of the simulated clock). */
    SEED_AGE_STALE("seed-age-stale", LockVariants.seedAgeStale(5), Simulation.Checks.SAFETY),
    /** The create-then-write gap: an empty lock file judged stale. */
    SEED_EMPTY_STALE("seed-empty-stale", LockVariants.SEED_EMPTY_STALE, Simulation.Checks.SAFETY),
    /** Owners that are threads of one process, and a lock that takes its own pid in P as its own. */
    SEED_OWN_PID_THREADS("seed-own-pid-threads", LockVariants.SEED_OWN_PID_THREADS, Simulation.Checks.SAFETY),
    /** The seed's lock from two PID namespaces (odd and even pids): a probe finds only its own namespace's pids. */
    SEED_PID_NAMESPACE("seed-pid-namespace", LockVariants.SEED_PID_NAMESPACE, Simulation.Checks.SAFETY),
    /** Ours, with tokens that only count and a cleaner deleting the fence before each read. */
    FENCE_CLEANER_COUNTING("fence-cleaner-counting", LockVariants.FENCE_CLEANER_COUNTING, Simulation.Checks.SAFETY),
    /** Ours, with tokens that only count and the fence rewritten in place (truncate, then a write that can fail). */
    FENCE_IN_PLACE("fence-in-place", LockVariants.FENCE_IN_PLACE, Simulation.Checks.SAFETY),
    /** Ours, with a probe that calls live processes dead and no kernel-lock veto. */
    FALSE_SUSPICION("false-suspicion", LockVariants.FALSE_SUSPICION, Simulation.Checks.SAFETY),
    /** Ours, with a probe that calls live processes dead and kernel locks lost while alive. */
    LOST_LOCK("lost-lock", LockVariants.LOST_LOCK, Simulation.Checks.SAFETY);

    private final String label;
    private final LockVariants variants;
    private final Simulation.Checks checks;

    SimVariant(String label, LockVariants variants, Simulation.Checks checks) {
        this.label = label;
        this.variants = variants;
        this.checks = checks;
    }

    public String label() {
        return label;
    }

    public Simulation.Result run(Schedule schedule) {
        return Simulation.run(variants, schedule, checks);
    }

    /** Runs with other checks: {@link Simulation.Checks#MUTUAL_EXCLUSION} to show two holders. */
    public Simulation.Result run(Schedule schedule, Simulation.Checks other) {
        return Simulation.run(variants, schedule, other);
    }

    /**
     * The violation this variant is judged by: any for ours; for the seed's, only a safety
     * violation counts as catching it (their ports lack the original's age check, so a lock file
     * left empty by a crash blocks them: a liveness artefact of the port, not the bug).
     */
    public Optional<Simulation.Violation> counted(Simulation.Result result) {
        return checks == Simulation.Checks.ALL ? result.violation()
                : result.violation().filter(v -> v.kind() == Simulation.Violation.Kind.SAFETY);
    }

    public static SimVariant byLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant " + label + "; one of "
                        + Arrays.stream(values()).map(SimVariant::label).toList()));
    }
}
