package dev.fslock.internal;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The way in for the fslock command and the test suites to what the public API keeps to itself: a
 * lock in another environment (an in-memory filesystem, simulated processes), co-owners. Module
 * dev.fslock does not export this package; on the class path it can be reached, but it is no API
 * and changes without notice.
 */
public final class Internals {
    /** Implemented in package dev.fslock, and handed over once, when {@link FsLock} is initialized. */
    public interface Access {
        /**
         * {@link FsLock#open(Path, FsLockOptions)} in another environment.
         *
         * @param path    the lock path
         * @param options the options
         * @param env     the filesystem, liveness probe, clock... that the lock uses
         * @return the lock
         * @throws IOException as {@code FsLock.open} throws it
         */
        FsLock open(Path path, FsLockOptions options, Environment env) throws IOException;

        /**
         * Registers a process the holder started as a co-owner (spec AddCoOwner): see
         * {@link Internals#addCoOwner}.
         *
         * @param held  a handle of an {@link FsLock}
         * @param child the co-owner's process
         * @return the co-owner's owner id
         * @throws IOException if its entry cannot be made
         */
        OwnerId addCoOwner(LockHandle held, ProcessIdentity child) throws IOException;

        /**
         * Removes a co-owner's entry (spec RemoveCoOwner).
         *
         * @param held    a handle of an {@link FsLock}
         * @param coOwner what {@link #addCoOwner} returned
         * @throws IOException if the entry cannot be removed
         */
        void removeCoOwner(LockHandle held, OwnerId coOwner) throws IOException;
    }

    private static volatile Access access;

    private Internals() {}

    /**
     * Called once, by {@link FsLock}'s static initializer.
     *
     * @param given the access to package dev.fslock
     * @throws IllegalStateException if called again
     */
    public static synchronized void install(Access given) {
        if (access != null) {
            throw new IllegalStateException("dev.fslock.internal.Internals is installed once, by FsLock");
        }
        access = given;
    }

    private static Access access() {
        if (access == null) {
            try { // FsLock's initializer installs it
                Class.forName(FsLock.class.getName(), true, FsLock.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return access;
    }

    /**
     * Opens the lock at {@code path} in another environment: for tests and simulations.
     *
     * @param path    the lock path; its directory must exist in {@code env}'s filesystem
     * @param options the options
     * @param env     the filesystem, liveness probe, identity, clock, waits and observer to use
     * @return the lock
     * @throws IOException as {@link FsLock#open(Path, FsLockOptions)} throws it
     */
    public static FsLock open(Path path, FsLockOptions options, Environment env) throws IOException {
        return access().open(path, options, env);
    }

    /**
     * Registers a process this holder started as a co-owner of the lock (spec AddCoOwner): it gets
     * an owner entry of its own, so the lock stays held while that process runs, even if this one
     * dies. The process must not act under the lock before its entry exists ({@code fslock run}'s
     * wrapper waits for it). Remove the entry with {@link #removeCoOwner} once the process has
     * exited, before releasing; if this process dies first, the entry is broken like any other
     * once the co-owner is dead too.
     *
     * @param held  a handle an {@link FsLock} returned, not released
     * @param child the co-owner, normally from {@link ProcessIdentity#ofLocalProcess}
     * @return the co-owner's owner id; its {@link OwnerId#entryName()} is the entry's file name
     * @throws java.nio.file.NoSuchFileException if the lock directory is gone (the lock was broken)
     * @throws IOException if the entry cannot be made
     */
    public static OwnerId addCoOwner(LockHandle held, ProcessIdentity child) throws IOException {
        return access().addCoOwner(held, child);
    }

    /**
     * Removes a co-owner's entry (spec RemoveCoOwner), once its process has exited.
     *
     * @param held    the handle {@link #addCoOwner} was given
     * @param coOwner what {@link #addCoOwner} returned
     * @throws IOException if the entry cannot be removed
     */
    public static void removeCoOwner(LockHandle held, OwnerId coOwner) throws IOException {
        access().removeCoOwner(held, coOwner);
    }
}
