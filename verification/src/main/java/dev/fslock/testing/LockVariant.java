package dev.fslock.testing;

import java.io.IOException;

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
}
