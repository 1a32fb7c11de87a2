package dev.fslock.cli;

/**
 * The exit statuses of the fslock command, from sysexits.h. {@code fslock run} otherwise exits with
 * its command's status (128+N if the command was killed by signal N, as shells report it).
 */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    /** EX_USAGE: unknown option, missing {@code --}, bad duration, bad lock path. */
    static final int USAGE = 64;
    /** EX_SOFTWARE: a bug in fslock (an exception nobody expected). */
    static final int SOFTWARE = 70;
    /** EX_IOERR: the filesystem failed, or the lock path holds something that is not a lock. */
    static final int IO_ERROR = 74;
    /** EX_TEMPFAIL: the lock is held by someone else (timeout, or --no-wait); {@code run -E N} changes it. */
    static final int LOCK_BUSY = 75;
    /**
     * EX_PROTOCOL, the nearest in sysexits.h: {@code run} on a zk:// lock lost it while the command
     * ran (the session ended, or the node was deleted); the command was stopped with SIGTERM.
     */
    static final int LOCK_LOST = 76;
    /** EX_NOPERM: permission denied on the lock's directory or files. */
    static final int NO_PERMISSION = 77;
    /** As in a shell: {@code run}'s command exists but cannot be executed. */
    static final int NOT_EXECUTABLE = 126;
    /** As in a shell: {@code run}'s command is not found. */
    static final int NOT_FOUND = 127;
    /** Shells report death by signal N as 128+N. */
    static final int SIGNALLED = 128;
}
