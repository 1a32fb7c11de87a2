package dev.fslock;

import java.time.Duration;
import java.util.Objects;

/**
 * How a lock behaves. Immutable; start from {@link #defaults()} and change with the {@code with}
 * methods.
 *
 * @param label                  what the holder is doing, shown to those who wait ("deploy", "nightly backup")
 * @param probePeriod            longest wait between two looks at a held lock: a crashed holder's
 *                               lock is broken within about one period (default 20 ms)
 * @param allowNetworkFileSystem allow NFS, SMB and the like (default false): liveness probes judge
 *                               pids of this host only, so owners on other hosts are UNKNOWN and a
 *                               crashed remote holder needs {@code fslock break --force}
 * @param durableFence           fsync the fence file and its directory on every acquisition, so
 *                               fencing tokens keep growing across power failures (default false:
 *                               across process crashes only)
 */
public record FsLockOptions(String label, Duration probePeriod, boolean allowNetworkFileSystem, boolean durableFence) {
    public FsLockOptions {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(probePeriod, "probePeriod");
        if (probePeriod.compareTo(Duration.ofMillis(1)) < 0 || probePeriod.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("probe period must be between 1 ms and 1 min: " + probePeriod);
        }
    }

    public static FsLockOptions defaults() {
        return new FsLockOptions("", Duration.ofMillis(20), false, false);
    }

    public FsLockOptions withLabel(String newLabel) {
        return new FsLockOptions(newLabel, probePeriod, allowNetworkFileSystem, durableFence);
    }

    public FsLockOptions withProbePeriod(Duration period) {
        return new FsLockOptions(label, period, allowNetworkFileSystem, durableFence);
    }

    public FsLockOptions withNetworkFileSystemAllowed(boolean allowed) {
        return new FsLockOptions(label, probePeriod, allowed, durableFence);
    }

    public FsLockOptions withDurableFence(boolean durable) {
        return new FsLockOptions(label, probePeriod, allowNetworkFileSystem, durable);
    }
}
