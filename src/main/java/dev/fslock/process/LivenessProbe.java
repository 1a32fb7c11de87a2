package dev.fslock.process;

/** Judges whether the process that owns a lock entry is alive. */
@FunctionalInterface
public interface LivenessProbe {

    /**
     * Answers {@link Liveness#DEAD} only when certain; when in doubt, {@link Liveness#UNKNOWN}.
     * An owner judged DEAD never becomes ALIVE again (its identity includes the start time).
     */
    Liveness probe(ProcessIdentity owner);
}
