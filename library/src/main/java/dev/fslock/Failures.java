package dev.fslock;

import dev.fslock.fs.FileOps;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.Sharing;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Adds the lock's name and the likely remedy to an I/O error, keeping its type: callers can still
 * catch {@link AccessDeniedException}, {@link NoSuchFileException}, and so on.
 */
final class Failures {
    private Failures() {}

    static IOException explain(IOException e, LockLayout layout, FileOps fs) {
        if (e instanceof LockTimeoutException || e instanceof LockCompromisedException
                || e instanceof InterruptedIOException || e instanceof NetworkFileSystemException) {
            return e;
        }
        IOException shared = Sharing.explain(e, layout, fs); // permission refusals: which call, whose file, the fix
        if (shared != e) {
            return shared;
        }
        String context = "lock " + layout.lock() + ": ";
        IOException explained;
        if (e instanceof AccessDeniedException a) {
            explained = new AccessDeniedException(a.getFile(), a.getOtherFile(), context + "permission denied: "
                    + (a.getReason() == null ? "" : a.getReason() + " ") + a.getFile() + ". fslock creates, renames and"
                    + " removes files in " + layout.parent() + ", so it needs write and search permission there.");
        } else if (e instanceof NoSuchFileException n) {
            explained = new NoSuchFileException(n.getFile(), n.getOtherFile(), context + "no such file or directory"
                    + " (was " + layout.parent() + " removed?)");
        } else if (e instanceof FileAlreadyExistsException f) {
            explained = new FileAlreadyExistsException(f.getFile(), f.getOtherFile(), context + reason(f));
        } else if (e instanceof NotDirectoryException n) {
            explained = new NotDirectoryException(context + n.getFile());
        } else if (e.getClass() == FileSystemException.class) {
            FileSystemException f = (FileSystemException) e;
            explained = new FileSystemException(f.getFile(), f.getOtherFile(), context + reason(f));
        } else if (e.getClass() == IOException.class) {
            explained = new IOException(context + e.getMessage()); // e.g. "No space left on device"
        } else {
            return e; // a type we cannot rebuild: its own message must do
        }
        explained.initCause(e);
        return explained;
    }

    private static String reason(FileSystemException f) {
        return f.getReason() == null ? "failed" : f.getReason();
    }
}
