package dev.fslock.protocol;

/** Sees each spec action the protocol performs, right after it is performed. */
@FunctionalInterface
public interface StepObserver {
    StepObserver NONE = (owner, action, detail) -> {};

    /**
     * @param owner  the acquisition performing the step
     * @param action the spec action
     * @param detail its outcome, in the spec's terms ("ok", "ENOTEMPTY", "DEAD", an entry name...)
     */
    void step(OwnerId owner, SpecAction action, String detail);
}
