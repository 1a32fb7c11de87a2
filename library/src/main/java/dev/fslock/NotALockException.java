package dev.fslock;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The lock path holds something fslock did not make: a file, a symbolic link, an empty directory
 * without the lock's fence, or a directory holding files that are not owner entries. fslock
 * neither waits for it (it would wait forever) nor removes it: the message says what is there and
 * what to do.
 */
public class NotALockException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception; its message is {@code lock LOCK is not a lock: WHAT. fslock never removes
     * what it did not make; REMEDY.}
     *
     * @param lock   the lock path
     * @param what   what is there instead
     * @param remedy what to do
     */
    public NotALockException(Path lock, String what, String remedy) {
        super(lock.toString(), null, "lock " + lock + " is not a lock: " + what + ". fslock never removes what it did"
                + " not make; " + remedy + ".");
    }
}
