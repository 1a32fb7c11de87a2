package dev.fslock.process;

/** A failure detector's verdict on a lock owner. */
public enum Liveness {
    /** The owner's process runs. */
    ALIVE,
    /** Certainly gone: same host, boot and PID namespace, and the pid is gone, reused or a zombie; or the host rebooted. */
    DEAD,
    /** Cannot be judged (another host or PID namespace, or an entry we cannot parse): never broken automatically. */
    UNKNOWN
}
