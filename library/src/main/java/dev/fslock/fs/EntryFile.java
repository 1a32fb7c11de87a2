package dev.fslock.fs;

import java.io.IOException;

/**
 * An owner entry that this process created and keeps open for as long as it owns the lock. Its
 * kernel lock (a POSIX write lock on the whole file) is the owner's proof of life: the kernel drops
 * it only when the process exits or the file is closed, so a prober that finds it held knows the
 * owner is alive whatever /proc says (spec/FsLock.tla: the veto, {@code entryLocked}).
 *
 * <p>POSIX locks belong to the process and are dropped when the process closes <em>any</em>
 * descriptor of the file; so nothing in this JVM may open an entry that one of its owners holds
 * ({@link NioFileOps} reads such an entry through this object instead).
 */
public interface EntryFile extends AutoCloseable {

    /** Writes {@code content} from the start of the file (the metadata for humans). */
    void write(byte[] content) throws IOException;

    /**
     * Takes the kernel lock, waiting while a prober holds its brief shared lock.
     *
     * @return false if the filesystem has no working locks: the owner then has no veto, and /proc
     *     alone judges it (a weaker but still sound guarantee where /proc is sound)
     */
    boolean lock() throws IOException;

    /** Closes the file, which drops its lock. Does nothing the second time. */
    @Override
    void close() throws IOException;
}
