package dev.fslock.zookeeper;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Ending a client's session on the server, as the server does when the client is silent for its timeout. */
final class Sessions {
    private Sessions() {}

    /**
     * Expires {@code victim}'s session now, on the server: a second connection takes over the
     * session (id and password), which makes the server drop the victim's connection, and closes
     * it, which deletes the session's ephemeral nodes. The victim hears of it only when it
     * reconnects (Expired, then Curator's LOST): as a client paused past its timeout would.
     */
    static void expireOnServer(CuratorFramework victim, String connect) throws Exception {
        ZooKeeper zk = victim.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(connect, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        try {
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("could not take over session 0x" + Long.toHexString(zk.getSessionId()));
            }
        } finally {
            twin.close(); // closeSession: the server deletes the session's ephemeral nodes
        }
    }
}
