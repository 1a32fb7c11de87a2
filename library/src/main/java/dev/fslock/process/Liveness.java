package dev.fslock.process;

/** A failure detector's verdict on a lock owner. */
public enum Liveness {
    /** The owner's process runs. */
    ALIVE,
    /**
     * Certainly gone: same host, boot and PID namespace, and the pid is gone, reused or the whole
     * process a zombie; or an earlier boot of this host, seen on a filesystem only one kernel can mount.
     */
    DEAD,
    /** Cannot be judged (another host or PID namespace, an entry we cannot parse...): never broken automatically. */
    UNKNOWN
}
