package dev.fslock;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a lock behaves. Immutable; start from {@link #defaults()} and change with the {@code with}
 * methods.
 *
 * @param label                  what the holder is doing, shown to those who wait ("deploy", "nightly backup")
 * @param probePeriod            longest wait between two looks at a held lock: a crashed holder's
 *                               lock is broken within about one period (default 20 ms); a holder
 *                               whose entry's kernel lock the waiter can watch is looked at 10
 *                               times less often, since its death wakes the waiter at once
 * @param allowNetworkFileSystem allow NFS, SMB and the like (default false): liveness probes judge
 *                               pids of this host only, so owners on other hosts are UNKNOWN and a
 *                               crashed remote holder needs {@code fslock break --force}
 * @param durableFence           fsync the fence file and its directory on every acquisition, so
 *                               fencing tokens keep growing across power failures (default false:
 *                               across process crashes only)
 * @param permissions            the permissions of the files fslock creates (its directories get
 *                               search permission wherever these grant read), applied whatever the
 *                               umask; empty (the default): as the umask makes them, with no extra
 *                               system call. See {@link #withPermissions}.
 */
public record FsLockOptions(String label, Duration probePeriod, boolean allowNetworkFileSystem, boolean durableFence,
                            Optional<Set<PosixFilePermission>> permissions) {
    /**
     * Checks and copies the options; prefer {@link #defaults()} and the {@code with} methods.
     *
     * @param label                  what the holder is doing
     * @param probePeriod            longest wait between two looks at a held lock
     * @param allowNetworkFileSystem allow network filesystems
     * @param durableFence           fsync the fence on every acquisition
     * @param permissions            the permissions of the files fslock creates, or empty
     * @throws NullPointerException if {@code label}, {@code probePeriod} or {@code permissions} is null
     * @throws IllegalArgumentException if the probe period is not between 1 ms and 1 min, or the
     *     permissions do not let the owner read and write
     */
    public FsLockOptions {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(probePeriod, "probePeriod");
        Objects.requireNonNull(permissions, "permissions");
        if (probePeriod.compareTo(Duration.ofMillis(1)) < 0 || probePeriod.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("probe period must be between 1 ms and 1 min: " + probePeriod);
        }
        if (permissions.isPresent()) {
            Set<PosixFilePermission> p = permissions.get();
            if (!p.contains(PosixFilePermission.OWNER_READ) || !p.contains(PosixFilePermission.OWNER_WRITE)) {
                throw new IllegalArgumentException("permissions must let the owner read and write (fslock writes and"
                        + " reads the files it creates): " + PosixFilePermissions.toString(p));
            }
            permissions = Optional.of(Set.copyOf(p));
        }
    }

    /**
     * No label, a probe period of 20 ms, no network filesystems, no fsync of the fence, files as
     * the umask makes them.
     *
     * @return the default options
     */
    public static FsLockOptions defaults() {
        return new FsLockOptions("", Duration.ofMillis(20), false, false, Optional.empty());
    }

    /**
     * What the holder is doing, shown to those who wait and by {@code fslock status}.
     *
     * @param newLabel the label ("deploy", "nightly backup"); may be empty
     * @return these options with that label
     */
    public FsLockOptions withLabel(String newLabel) {
        return new FsLockOptions(newLabel, probePeriod, allowNetworkFileSystem, durableFence, permissions);
    }

    /**
     * The longest wait between two looks at a held lock: a crashed holder's lock is broken within
     * about one period.
     *
     * @param period between 1 ms and 1 min
     * @return these options with that period
     * @throws IllegalArgumentException if the period is out of range
     */
    public FsLockOptions withProbePeriod(Duration period) {
        return new FsLockOptions(label, period, allowNetworkFileSystem, durableFence, permissions);
    }

    /**
     * Whether locks on NFS, SMB and other network filesystems may be opened. Liveness probes judge
     * pids of this host only, so owners on other hosts are {@link Liveness#UNKNOWN} and a crashed
     * remote holder's lock is only removed by {@code fslock break --force}.
     *
     * @param allowed true to allow them
     * @return these options with that choice
     */
    public FsLockOptions withNetworkFileSystemAllowed(boolean allowed) {
        return new FsLockOptions(label, probePeriod, allowed, durableFence, permissions);
    }

    /**
     * Whether the fence file and its directory are fsync'ed on every acquisition, so that fencing
     * tokens keep growing across power failures (by default: across process crashes only, and never
     * below the wall clock in microseconds).
     *
     * @param durable true to fsync
     * @return these options with that choice
     */
    public FsLockOptions withDurableFence(boolean durable) {
        return new FsLockOptions(label, probePeriod, allowNetworkFileSystem, durable, permissions);
    }

    /**
     * Gives the owner entries and temp files fslock creates these permissions, and its directories
     * (the lock directory among them) the same plus search wherever they grant read: {@code
     * rw-rw----} makes lock directories {@code rwxrwx---}. Applied with a chmod after each create, so
     * the umask does not matter; the waiters' queue file {@code NAME.queue} gets them too when this
     * process makes it. Needed when several users share a lock: a waiter removes a dead
     * holder's entry from the lock directory, which needs write permission on that directory, and
     * the lock directory belongs to whoever made it. Put such locks in a directory that those users
     * (a group) may write and that is not sticky, for example one made once with {@code install -d
     * -m 2775 -g GROUP DIR}, and use {@code rw-rw----} (docs/protocol.md, "Several users, one lock").
     *
     * @param filePermissions for example {@code PosixFilePermissions.fromString("rw-rw----")}; must
     *                        include owner read and write
     * @return these options with those permissions
     * @throws IllegalArgumentException if the permissions do not include owner read and write
     */
    public FsLockOptions withPermissions(Set<PosixFilePermission> filePermissions) {
        Set<PosixFilePermission> copy = filePermissions.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class)
                : EnumSet.copyOf(filePermissions);
        return new FsLockOptions(label, probePeriod, allowNetworkFileSystem, durableFence, Optional.of(copy));
    }
}
