package dev.fslock;

import java.io.IOException;
import java.time.Instant;

/**
 * A held lock, as {@link CrossProcessLock#acquire(java.time.Duration)} and its siblings return it.
 * Release it exactly once, best with try-with-resources; {@link #release()} is idempotent. It may be
 * released from any thread.
 *
 * <pre>{@code
 * try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
 *     update(resource, held.fencingToken());
 * }   // released here
 * }</pre>
 */
public interface LockHandle extends AutoCloseable {
    /**
     * This acquisition's fencing token: strictly larger than the token of every earlier
     * acquisition of the lock, also across crashes. Pass it to the resources you update, so that
     * they can refuse writes from an older holder that still believes it holds the lock.
     *
     * @return the fencing token, positive
     */
    long fencingToken();

    /**
     * When the lock was acquired, by the wall clock of this process.
     *
     * @return the instant of acquisition
     */
    Instant acquiredAt();

    /**
     * The name of this acquisition's owner entry: the record in the lock that makes it held, as
     * {@link LockStatus.Holder#entryName()} and {@code fslock status} show it.
     *
     * @return the owner entry's name
     */
    String entryName();

    /**
     * Whether the lock is still held by this handle: not released, and its owner entry still in the
     * lock. Reads the lock; a false answer while not released means somebody broke the lock.
     *
     * @return true while held
     * @throws IOException if the lock cannot be read
     */
    boolean isValid() throws IOException;

    /**
     * Releases the lock; does nothing if it is already released.
     *
     * @throws LockCompromisedException if the owner entry had disappeared: somebody broke this lock
     *     while it was held (the handle is released nonetheless)
     * @throws IOException if the owner entry could not be removed (a read-only filesystem...): the
     *     lock is then still held, and release may be called again
     */
    void release() throws IOException;

    /**
     * Releases the lock, as {@link #release()} does: for try-with-resources.
     *
     * @throws LockCompromisedException if somebody broke this lock while it was held
     * @throws IOException if the owner entry could not be removed: the lock is still held
     */
    @Override
    default void close() throws IOException {
        release();
    }
}
