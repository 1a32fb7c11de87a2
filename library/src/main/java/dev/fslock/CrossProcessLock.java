package dev.fslock;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A lock held by at most one owner at a time, across threads, processes and crashes: what every
 * fslock lock offers, whatever keeps it ({@link FsLock}: files in a directory). Each acquisition is
 * its own owner, so two threads of one process exclude each other like two processes; locks are
 * not reentrant.
 *
 * <p>The two ways to hold it:
 *
 * <pre>{@code
 * try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
 *     work(held.fencingToken());
 * }
 *
 * Optional<LockHandle> attempt = lock.tryAcquire();
 * if (attempt.isPresent()) {
 *     try (LockHandle held = attempt.get()) {
 *         work(held.fencingToken());
 *     }
 * }
 * }</pre>
 */
public interface CrossProcessLock {
    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most; zero for one attempt, which still throws if busy
     * @return the handle of the held lock
     * @throws LockTimeoutException if not acquired in time; its message says who holds the lock and
     *     what to do
     * @throws InterruptedException if interrupted while waiting (nothing is left behind)
     * @throws IllegalStateException if this thread already holds this lock
     * @throws IOException if the lock cannot be used (see the implementation for which)
     */
    LockHandle acquire(Duration timeout) throws IOException, InterruptedException;

    /**
     * Acquires the lock, waiting as long as it takes, unless interrupted.
     *
     * @return the handle of the held lock
     * @throws InterruptedException if interrupted while waiting (nothing is left behind)
     * @throws IllegalStateException if this thread already holds this lock
     * @throws IOException if the lock cannot be used
     */
    LockHandle acquireInterruptibly() throws IOException, InterruptedException;

    /**
     * One attempt, without waiting for a live holder.
     *
     * @return the handle of the held lock, or empty if another owner holds it
     * @throws IllegalStateException if this thread already holds this lock
     * @throws IOException if the lock cannot be used; {@link java.io.InterruptedIOException} if the
     *     thread was interrupted
     */
    Optional<LockHandle> tryAcquire() throws IOException;

    /**
     * Runs {@code action} holding the lock, waiting at most {@code timeout} for it; releases it
     * afterwards, also when the action throws.
     *
     * @param <T>     what the action returns
     * @param <X>     what the action may throw
     * @param timeout how long to wait for the lock at most
     * @param action  the work to do while holding the lock
     * @return what the action returned
     * @throws X if the action throws it (the lock is released first)
     * @throws LockTimeoutException if not acquired in time
     * @throws LockCompromisedException if somebody broke the lock while the action ran
     * @throws InterruptedException if interrupted while waiting
     * @throws IOException if the lock cannot be used or released
     */
    default <T, X extends Exception> T withLock(Duration timeout, LockedAction<T, X> action)
            throws X, IOException, InterruptedException {
        try (LockHandle handle = acquire(timeout)) {
            return action.run(handle);
        }
    }
}
