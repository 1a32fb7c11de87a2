package dev.fslock;

/**
 * What fslock can tell about the process behind an owner entry: the verdict of its failure
 * detector, shown by {@link FsLock#status()} and {@link FsLock#breakLock(boolean)}.
 */
public enum Liveness {
    /** The owner's process runs. Its entry is never removed. */
    ALIVE,
    /**
     * The owner is certainly gone: same host, boot and PID namespace, and its pid is gone, reused
     * or a zombie, and nobody holds the kernel lock on its entry; or it ran in an earlier boot of
     * this host, on a filesystem that only one running kernel can mount. The next acquirer (or
     * {@code fslock break}) removes its entry.
     */
    DEAD,
    /**
     * Cannot be judged from here: another host or PID namespace, a /proc that cannot be trusted, or
     * an entry this version of fslock cannot read. Never removed automatically; only
     * {@code breakLock(true)} ({@code fslock break --force}) removes it.
     */
    UNKNOWN
}
