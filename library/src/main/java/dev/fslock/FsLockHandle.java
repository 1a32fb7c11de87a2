package dev.fslock;

import dev.fslock.fs.FileOps;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A held {@link FsLock}: its owner entry in the lock directory. It needs only the protocol it was
 * acquired with, not the {@code FsLock}. Co-owners (the command of {@code fslock run}) are reached
 * through dev.fslock.internal, not through the public API.
 */
final class FsLockHandle implements LockHandle {
    private static final System.Logger LOG = System.getLogger(LockHandle.class.getName());
    private final LockProtocol protocol;
    private final FileOps fs; // the environment's own, for explaining failures (not the protocol's chmod-ing one)
    private final LockProtocol.Acquired held;
    private final OwnerId owner;
    private final long fencingToken; // invariant: larger than every token handed out before it
    private final Instant acquiredAt;
    private final Runnable onRelease;
    private boolean released; // guarded by this

    FsLockHandle(LockProtocol protocol, FileOps fs, LockProtocol.Acquired held, Instant acquiredAt,
                 Runnable onRelease) {
        this.protocol = protocol;
        this.fs = fs;
        this.held = held;
        this.owner = held.owner();
        this.fencingToken = held.token();
        this.acquiredAt = acquiredAt;
        this.onRelease = onRelease;
    }

    /**
     * {@inheritDoc} Never below the wall clock in microseconds since the epoch either, so that it
     * keeps growing after the fence file was deleted.
     */
    @Override
    public long fencingToken() {
        return fencingToken;
    }

    /** The lock's path. */
    Path path() {
        return protocol.layout().lock();
    }

    @Override
    public Instant acquiredAt() {
        return acquiredAt;
    }

    /** The name of this acquisition's owner entry: its file name in the lock directory. */
    @Override
    public String entryName() {
        return owner.entryName();
    }

    /**
     * Registers a process this holder started as a co-owner of the lock (spec AddCoOwner): it gets
     * an owner entry of its own, so the lock stays held while that process runs, even if this one
     * dies. The process must not act under the lock before its entry exists ({@code fslock run}'s
     * wrapper waits for it). Remove the entry with {@link #removeCoOwner} once the process has
     * exited, before releasing; if this process dies first, the entry is broken like any other
     * once the co-owner is dead too.
     *
     * @param child the co-owner, normally from {@link ProcessIdentity#ofLocalProcess}
     * @return the co-owner's owner id; its {@link OwnerId#entryName()} is the entry's file name
     * @throws java.nio.file.NoSuchFileException if the lock directory is gone (the lock was broken)
     */
    OwnerId addCoOwner(ProcessIdentity child) throws IOException {
        try {
            return protocol.addCoOwner(owner, child);
        } catch (IOException e) {
            throw Failures.explain(e, protocol.layout(), fs);
        }
    }

    /** Removes a co-owner's entry (spec RemoveCoOwner), once its process has exited. */
    void removeCoOwner(OwnerId coOwner) throws IOException {
        try {
            protocol.removeCoOwner(owner, coOwner);
        } catch (IOException e) {
            throw Failures.explain(e, protocol.layout(), fs);
        }
    }

    /** True while not released and this acquisition's owner entry is in the lock directory. */
    @Override
    public boolean isValid() throws IOException {
        synchronized (this) {
            if (released) {
                return false;
            }
        }
        return protocol.isHeldBy(owner);
    }

    /**
     * Releases the lock; does nothing if already released.
     *
     * @throws LockCompromisedException if the owner entry had disappeared: somebody broke this lock
     *     while it was held. Nothing else was removed.
     * @throws IOException if the owner entry could not be removed (read-only filesystem...): the
     *     lock is then still held, and release may be called again
     */
    @Override
    public void release() throws IOException {
        synchronized (this) { // held across the call so that a concurrent release waits for its outcome
            if (released) {
                return;
            }
            boolean wasHeld;
            try {
                wasHeld = protocol.release(held);
            } catch (IOException e) {
                // Our entry is still in P: still held, by this thread as far as re-acquisition goes.
                throw Failures.explain(e, protocol.layout(), fs);
            }
            released = true;
            onRelease.run();
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // no lambda to link when it is not (start-up, docs/cli.md)
                LOG.log(System.Logger.Level.DEBUG, "lock " + path() + ": released by " + owner
                        + (wasHeld ? "" : " (its entry was already gone: compromised)"));
            }
            if (!wasHeld) {
                throw new LockCompromisedException("lock " + path() + " was compromised: the owner entry " + owner.entryName()
                        + " of this holder (fencing token " + fencingToken + ") was removed while it was held, by someone"
                        + " else (fslock break --force, or a person deleting files). Others may have held the lock meanwhile;"
                        + " check what was done under it. Nothing else was removed.");
            }
        }
    }

    @Override
    public String toString() {
        return "LockHandle[" + path() + ", token " + fencingToken + "]";
    }
}
