package dev.fslock.zookeeper;

import java.util.Objects;

/**
 * How a {@link ZkLock} behaves. Immutable; start from {@link #defaults()} and change with the
 * {@code with} methods. What a ZooKeeper lock leaves to its client (connect string, session
 * timeout, retry policy, authentication) is set on the {@code CuratorFramework} it is opened with.
 *
 * @param label what the holder is doing ("deploy", "nightly backup"), stored in its lock node and
 *              shown to those who wait and by {@link ZkLock#status()}
 */
public record ZkLockOptions(String label) {
    /**
     * Checks the options; prefer {@link #defaults()} and the {@code with} methods.
     *
     * @param label what the holder is doing
     * @throws NullPointerException if {@code label} is null
     */
    public ZkLockOptions {
        Objects.requireNonNull(label, "label");
    }

    /**
     * No label.
     *
     * @return the default options
     */
    public static ZkLockOptions defaults() {
        return new ZkLockOptions("");
    }

    /**
     * These options with another label.
     *
     * @param label what the holder is doing; line breaks are stored as spaces
     * @return the new options
     */
    public ZkLockOptions withLabel(String label) {
        return new ZkLockOptions(label);
    }
}
