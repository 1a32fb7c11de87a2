package dev.fslock;

/**
 * One thing {@link FsLock#breakLock(boolean)} found beside or in a lock, and what it did with it.
 *
 * @param path     the owner entry, temp directory or fence temp file; or the lock directory itself,
 *                 removed once its last entry was
 * @param owner    its owner in a few words ({@code pid 1234 on host}), {@code "-"} for the lock
 *                 directory, or a note that the entry cannot be read
 * @param liveness the owner's liveness when it was judged
 * @param removed  whether it was removed by this call
 * @param why      why it was removed or kept ({@code owner is dead}, {@code owner is alive}...)
 */
public record BreakAction(String path, String owner, Liveness liveness, boolean removed, String why) {}
