package dev.fslock.zookeeper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at a {@link ZkLock} ({@link ZkLock#status()}): the queue of lock nodes, the
 * lowest first. The lowest node's owner holds the lock; the others wait for it, in order.
 *
 * @param lock       the lock's name, {@code zk://CONNECT/PATH}
 * @param queue      the lock nodes, lowest (the holder) first; empty when the lock is free
 * @param observedAt when this look was taken
 */
public record ZkLockStatus(String lock, List<Node> queue, Instant observedAt) {
    /**
     * Copies the queue.
     *
     * @param lock       the lock's name
     * @param queue      the lock nodes, lowest first
     * @param observedAt when this look was taken
     */
    public ZkLockStatus {
        queue = List.copyOf(queue);
    }

    /** What a lock node's owner is doing. */
    public enum Role {
        /** The lowest node, whose owner holds the lock. */
        HOLDER,
        /**
         * The lowest node, whose owner has not yet seen that it is: it is about to hold the lock, or
         * to withdraw (a {@code tryAcquire} or a time-out that found another node first).
         */
        ACQUIRING,
        /** Not the lowest: its owner waits (or is about to withdraw). */
        WAITING
    }

    /**
     * One lock node: an ephemeral sequential child of the lock's path.
     *
     * @param name      its name, {@code _c_GUID-lock-SEQUENCE}; {@link dev.fslock.LockHandle#entryName()}
     *                  of its owner's handle
     * @param role      holder, acquiring or waiting
     * @param sessionId the ZooKeeper session that owns it (the node goes when the session ends)
     * @param czxid     the zxid of its creation: its owner's fencing token once it holds the lock
     * @param created   when it was created (queued), by the server's clock
     * @param heldSince when its owner marked it held, by the server's clock; empty unless the
     *                  holder's node was made by fslock
     * @param host      the owner's host name; empty for a node fslock did not make
     * @param pid       the owner's process id; -1 if unknown
     * @param label     what the owner is doing (may be empty)
     * @param fslock    whether fslock made this node (false: another program, e.g. Curator's
     *                  InterProcessMutex on the same path, which this lock excludes too)
     */
    public record Node(String name, Role role, long sessionId, long czxid, Instant created, Optional<Instant> heldSince,
                       String host, long pid, String label, boolean fslock) {
        /**
         * The session id as ZooKeeper prints it.
         *
         * @return {@code 0x} and the id in hexadecimal
         */
        public String session() {
            return "0x" + Long.toHexString(sessionId);
        }

        /**
         * A short human form: {@code pid 1234 on vm (session 0x100..., label "x", held for 3.0s)}.
         *
         * @param now the time to measure the node's age to
         * @return the description
         */
        public String describe(Instant now) {
            StringBuilder s = new StringBuilder(fslock ? "pid " + pid + " on " + host : "a client that is not fslock");
            s.append(" (session ").append(session());
            if (!label.isEmpty()) {
                s.append(", label \"").append(label).append('"');
            }
            Instant since = role == Role.HOLDER ? heldSince.orElse(created) : created;
            Duration age = Duration.between(since, now);
            if (!age.isNegative()) {
                s.append(switch (role) {
                    case HOLDER -> ", held for ";
                    case ACQUIRING -> ", acquiring for ";
                    case WAITING -> ", waiting for ";
                }).append(Durations.human(age));
            }
            return s.append(')').toString();
        }
    }

    /**
     * The holder's node: the lowest, if its owner holds the lock.
     *
     * @return the holder's node, or empty if nobody holds the lock now
     */
    public Optional<Node> holder() {
        return queue.isEmpty() || queue.get(0).role() != Role.HOLDER ? Optional.empty() : Optional.of(queue.get(0));
    }

    /**
     * Whether nobody holds or wants the lock.
     *
     * @return true if there is no lock node
     */
    public boolean isFree() {
        return queue.isEmpty();
    }
}
