package dev.fslock.wait;

/**
 * Waits for the lock to change. Usage: {@code long m = mark();} then look at the lock, then
 * {@code await(m, nanos)}: a change after the mark ends the wait at once, so none is missed.
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

    @Override
    void close();
}
