package dev.fslock.zookeeper;

import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * The lock recipe's requests to ZooKeeper: one method per client action of spec/ZkLock.tla (the
 * table in docs/protocol.md maps them). The lock's path L holds one ephemeral sequential node per
 * owner that holds or wants the lock, named as Curator's {@code InterProcessMutex} names its own
 * ({@code _c_GUID-lock-SEQUENCE}) and ordered as it orders them, so the two exclude each other on
 * one path. The lowest node's owner holds the lock.
 */
final class LockQueue {
    /** The name Curator's InterProcessMutex gives its nodes, before the sequence number. */
    static final String LOCK_NAME = "lock-";
    private static final StandardLockInternalsDriver SORTER = new StandardLockInternalsDriver();

    private final CuratorFramework client;
    private final String path;

    LockQueue(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
    }

    /**
     * One of our nodes.
     *
     * @param path      its full path
     * @param name      its name in L
     * @param czxid     the zxid of its creation: the fencing token
     * @param sessionId the session that owns it
     */
    record OwnNode(String path, String name, long czxid, long sessionId) {}

    /**
     * spec Create: {@code create(L/lock-, EPHEMERAL_SEQUENTIAL)}, L made as a container if missing.
     * With Curator's protection: if the connection drops during the create, Curator finds the node by
     * its GUID instead of making a second one.
     */
    OwnNode create(NodeData data) throws Exception {
        Stat stat = new Stat();
        String made = client.create().storingStatIn(stat).creatingParentContainersIfNeeded().withProtection()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(ZKPaths.makePath(path, LOCK_NAME), data.bytes());
        if (stat.getCzxid() == 0) {
            // Found again after a connection loss: the stat was not filled in; read it.
            Stat found = client.checkExists().forPath(made);
            if (found == null) {
                throw new KeeperException.NoNodeException(made); // its session ended meanwhile
            }
            stat = found;
        }
        return new OwnNode(made, ZKPaths.getNodeFromPath(made), stat.getCzxid(), stat.getEphemeralOwner());
    }

    /** spec GetChildren: L's lock nodes, lowest first; empty if L is gone. */
    List<String> children() throws Exception {
        try {
            return LockInternals.getSortedChildren(client, path, LOCK_NAME, SORTER);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /**
     * spec GetData: leaves a one-shot watch on {@code child} through {@code watching}.
     *
     * @return false if the child is gone (NoNode: no watch was left)
     */
    boolean watch(CuratorFramework watching, String child, Watcher watcher) throws Exception {
        try {
            watching.getData().usingWatcher(watcher).forPath(ZKPaths.makePath(path, child));
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    /**
     * Reads {@code child}'s data with a watch (for a {@code tryAcquire} that finds another node
     * first). Empty if the child is gone.
     */
    Optional<Optional<NodeData>> dataOf(CuratorFramework watching, String child, Watcher watcher) throws Exception {
        try {
            return Optional.of(NodeData.parse(watching.getData().usingWatcher(watcher).forPath(ZKPaths.makePath(path, child))));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    /** Marks our node held (its data's state). @return false if the node is gone */
    boolean markHeld(OwnNode node, NodeData data) throws Exception {
        try {
            client.setData().forPath(node.path(), data.asHeld().bytes());
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    /** Leaves a watch on our own node, without waiting for the reply: its deletion invalidates the handle. */
    void watchOwn(OwnNode node, Watcher watcher) throws Exception {
        client.checkExists().usingWatcher(watcher).inBackground().forPath(node.path());
    }

    /**
     * spec DeleteOwn and Release: {@code delete(our node)}. Guaranteed: if the connection fails,
     * Curator retries in the background until it succeeds or the session ends.
     *
     * @return false if the node was gone already
     */
    boolean delete(OwnNode node) throws Exception {
        try {
            client.delete().guaranteed().forPath(node.path());
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    /** The session this client has now (a new one after the last expired). */
    long currentSession() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    /** The path of a child of L. */
    String pathOf(String child) {
        return ZKPaths.makePath(path, child);
    }
}
