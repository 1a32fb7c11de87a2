package dev.fslock;

/** Work done while holding a lock, for {@link FsLock#withLock}. */
@FunctionalInterface
public interface LockedAction<T, X extends Exception> {
    T run(LockHandle handle) throws X;
}
