package dev.fslock;

/**
 * Work done while holding a lock, for {@link CrossProcessLock#withLock} and {@link FsLock#withLock}.
 *
 * @param <T> what the work returns
 * @param <X> what the work may throw; {@link RuntimeException} if nothing checked
 */
@FunctionalInterface
public interface LockedAction<T, X extends Exception> {
    /**
     * Does the work.
     *
     * @param handle the held lock: its fencing token, for the resources the work updates
     * @return the work's result
     * @throws X if the work fails
     */
    T run(LockHandle handle) throws X;
}
