package dev.fslock.zookeeper;

import dev.fslock.LockTimeoutException;

/**
 * A {@link ZkLock} could not be acquired in the time given. The message says who holds it (host,
 * pid, session, label) and when it will pass on. {@link #status()} is null, as it is the file
 * lock's status; {@link #zkStatus()} is this lock's.
 */
public class ZkLockTimeoutException extends LockTimeoutException {
    private static final long serialVersionUID = 1L;
    private final transient ZkLockStatus zkStatus;

    /**
     * Makes the exception.
     *
     * @param message  who holds the lock, and what to do
     * @param zkStatus the lock's queue as it was seen when giving up (null if it could not be read)
     */
    public ZkLockTimeoutException(String message, ZkLockStatus zkStatus) {
        super(message, null);
        this.zkStatus = zkStatus;
    }

    /**
     * The lock's queue as it was seen when giving up.
     *
     * @return the status; null if it could not be read, and after deserialization
     */
    public ZkLockStatus zkStatus() {
        return zkStatus;
    }
}
