package dev.fslock.testing;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * One owner's view of a cross-process lock protocol under test: ours, or one of the seed's
 * (package {@code seed}). Every suite (simulation, lincheck, jcstress) runs all variants through
 * the same scenarios; the seed's must be caught, ours must pass. One instance per owner: a
 * simulated process or a thread.
 */
public interface LockVariant {

    /** One attempt, no waiting; a lock of a dead owner is broken first, as the protocol does it. */
    boolean tryAcquire() throws IOException;

    /** Releases the lock this owner holds. */
    void release() throws IOException;

    /**
     * Read-only: is this owner's ownership record still in place (our entry in P; for the seed,
     * P holding our content)? Used by checkers, with the simulation's scheduling switched off.
     */
    boolean recordPresent() throws IOException;

    /**
     * This owner's process has died (simulated by a thread of this JVM): drop what the kernel drops
     * at exit, such as the kernel lock on our open owner entry. Files stay.
     */
    default void crashed() throws IOException {}

    /** Short name for reports: "fslock", "seed-unlink", "seed-rename-steal". */
    String name();

    /**
     * Is this fslock's own protocol? Ours is held to every promise: an I/O error in the scenarios is
     * a failure of the run, and a fresh owner's first acquisition leaves nothing of a dead process.
     * The seed's ports are judged on safety alone (they write by path and lack the original's age
     * check: see docs/verification-simulation.md).
     */
    default boolean isOurs() {
        return false;
    }

    /**
     * Does this variant report each filesystem call, probe and wait to its environment's {@code
     * StepObserver} as exactly one spec action, so that a run can be validated against the TLA+
     * spec? Only ours does; the seed's report nothing.
     */
    default boolean reportsSpecActions() {
        return false;
    }

    /** The fencing token of the current (or last) acquisition; empty if the protocol hands out none. */
    default OptionalLong token() {
        return OptionalLong.empty();
    }

    /** Can {@link #acquire(long)} wait? The seed's ports only try once ({@link #tryAcquire()}). */
    default boolean canWait() {
        return false;
    }

    /**
     * Acquires, waiting at most {@code timeoutNanos} of the environment's clock; {@code acquire(0)}
     * is {@link #tryAcquire()}. Only if {@link #canWait()}: otherwise a positive timeout is refused.
     */
    default boolean acquire(long timeoutNanos) throws IOException {
        if (timeoutNanos != 0) {
            throw new UnsupportedOperationException(name() + " cannot wait");
        }
        return tryAcquire();
    }
}
