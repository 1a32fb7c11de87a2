package dev.fslock.process;

/** Judges whether the process that owns a lock entry is alive. */
@FunctionalInterface
public interface LivenessProbe {

    /**
     * Answers {@link Liveness#DEAD} only when certain; when in doubt, {@link Liveness#UNKNOWN}.
     * An owner judged DEAD never becomes ALIVE again (its identity includes the start time).
     */
    Liveness probe(ProcessIdentity owner);

    /**
     * The probe for owners of a lock whose directory is on a filesystem of this type (as
     * {@code FileStore.type()} names it). Some verdicts depend on it: an owner of our host name
     * with another boot id is certainly dead only where no other running kernel can share the
     * directory. This probe itself judges as if the filesystem could be shared.
     */
    default LivenessProbe forLocksOn(String fileSystemType) {
        return this;
    }

    /**
     * Readies, off the critical path, what a DEAD verdict will need: a waiter calls it before it
     * first sleeps, so that the first death it sees is not judged by code that has never run in
     * this JVM (class loading, linking: ms each). Never changes any verdict. The default does nothing.
     */
    default void prepare() {}
}
