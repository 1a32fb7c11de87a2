package dev.fslock.wait;

import java.nio.file.Path;
import java.util.List;

/**
 * Waits for the lock to change. Usage: {@code long m = mark();} then look at the lock, then
 * {@code await(m, nanos)}: a change after the mark ends the wait at once, so none is missed.
 * A waiter may start watching only at its first mark: a wait of zero needs none.
 */
public interface LockWaiter extends AutoCloseable {

    /** A mark of the events seen so far. */
    long mark();

    /**
     * Blocks until an event after {@code mark}, for at most {@code nanos}.
     *
     * @throws InterruptedException if the thread is interrupted (checked on entry too)
     */
    void await(long mark, long nanos) throws InterruptedException;

    /**
     * Also wake when the kernel lock of one of these owner entries (of other processes: the
     * holders just seen in P) is free, which is when its holder released or died; replaces the
     * previous call's list. Called after a look at the holders and before {@link #await}, with
     * the mark taken before that look: a holder that left meanwhile ends the next wait at once.
     * Only an optimisation of when to look again: the default ignores it.
     */
    default void watchHolders(List<Path> entryFiles) {}

    /**
     * Whether this waiter will be woken without its timer if any of these holders (as last given to
     * {@link #watchHolders}) releases or dies: the lock's directory is watched, and the kernel lock of
     * every entry is held by its owner and waited for. Then a look before the wake-up can only find
     * them alive (a held entry lock vetoes DEAD), so the wait may be long. The default: false.
     */
    default boolean wokenByKernel(List<Path> entryFiles) {
        return false;
    }

    /** How many watched holders' kernel locks were found free so far (see {@link #watchHolders}). */
    default long holdersLeft() {
        return 0;
    }

    /**
     * Whether the kernel said this owner entry's lock was free (see {@link #watchHolders}): its
     * holder released or died. While such an entry is still in P, its holder is dying (a process
     * drops its locks before /proc shows it gone) or it was never locked (a co-owner).
     */
    default boolean freed(Path entryFile) {
        return false;
    }

    @Override
    void close();
}
