package dev.fslock.protocol;

/** Sees each spec action the protocol performs, right after it is performed. */
@FunctionalInterface
public interface StepObserver {
    StepObserver NONE = new StepObserver() { // a class, not a lambda: every fslock run's start-up (docs/cli.md)
        @Override
        public void step(OwnerId owner, SpecAction action, String detail) {}
    };

    /**
     * @param owner  the acquisition performing the step (for {@code fslock break}: an owner of the
     *               breaking process's own, made for the break)
     * @param action the spec action
     * @param detail its outcome, in the spec's terms ("ok", "ENOTEMPTY", "DEAD", an entry name...)
     */
    void step(OwnerId owner, SpecAction action, String detail);

    /**
     * Sees a removal that no process of the spec makes: {@code fslock break --force} removing
     * what belongs to an owner whose liveness is UNKNOWN, on a human's word (the spec's
     * environment actions OperatorUnlink and OperatorRmdir; the spec's operator does not touch
     * leftovers beside P). Ignored unless overridden.
     *
     * @param owner  the breaker's owner, as in {@link #step}
     * @param action the step this removal would be for a DEAD owner: BreakEntry, RmdirLock,
     *               SweepEntry, SweepTemp or SweepFence
     * @param detail its outcome, as {@link #step} would say it
     */
    default void forced(OwnerId owner, SpecAction action, String detail) {}
}
