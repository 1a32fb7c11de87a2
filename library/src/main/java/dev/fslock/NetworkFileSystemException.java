package dev.fslock;

import java.nio.file.FileSystemException;

/** The lock's directory is on a network filesystem, which fslock refuses unless allowed explicitly. */
public class NetworkFileSystemException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception; the message explains why and how to allow it.
     *
     * @param file the lock's directory
     * @param type its filesystem type, as the mount table says it ({@code nfs4}, {@code cifs}...)
     */
    public NetworkFileSystemException(String file, String type) {
        super(file, null, "is on a network filesystem (" + type + "). fslock judges whether a holder is alive by"
                + " its pid on this host, which means nothing for holders on other hosts: their locks could never be"
                + " recovered automatically. Use a local directory, or allow it explicitly"
                + " (FsLockOptions.withNetworkFileSystemAllowed(true), fslock --allow-network-fs)"
                + " if every process that uses the lock runs on this host.");
    }
}
