package dev.fslock;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * This user can never take the lock where it is: in a sticky directory, a file of the lock (its
 * fence, or an empty lock directory) belongs to another user, and only that user or root may
 * replace or remove it. The message names the directory layout that works (docs/cli.md, "Several
 * users, one lock").
 */
public class LockNotShareableException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param lock    the lock that cannot be taken
     * @param message why, and the directory layout that works
     */
    public LockNotShareableException(Path lock, String message) {
        super(lock.toString(), null, message);
    }
}
