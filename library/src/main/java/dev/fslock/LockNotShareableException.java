package dev.fslock;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * This user can never take the lock where it is: in a sticky directory, a file of the lock (its
 * fence, or an empty lock directory) belongs to another user, and only that user or root may
 * replace or remove it ({@link Sharing}). The message names the directory layout that works.
 */
public class LockNotShareableException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public LockNotShareableException(Path lock, String message) {
        super(lock.toString(), null, message);
    }
}
