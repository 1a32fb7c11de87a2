package dev.fslock;

import java.io.IOException;

/**
 * A held lock's owner entry disappeared before release: someone removed it (for example
 * {@code fslock break --force}, or a person deleting files). Others may have entered meanwhile;
 * whatever was done under the lock may need checking. Nothing else was removed.
 */
public class LockCompromisedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message which lock, which entry, and what to check
     */
    public LockCompromisedException(String message) {
        super(message);
    }
}
