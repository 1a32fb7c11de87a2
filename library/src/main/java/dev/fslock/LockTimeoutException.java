package dev.fslock;

import java.io.IOException;

/** The lock could not be acquired in the time given. The message says who holds it and what to do. */
public class LockTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient LockStatus status;

    /**
     * Makes the exception.
     *
     * @param message who holds the lock, whether they are alive, and the remedy
     * @param status  the lock as it was seen when giving up
     */
    public LockTimeoutException(String message, LockStatus status) {
        super(message);
        this.status = status;
    }

    /**
     * The lock as it was seen when giving up.
     *
     * @return its status; null after deserialization
     */
    public LockStatus status() {
        return status;
    }
}
