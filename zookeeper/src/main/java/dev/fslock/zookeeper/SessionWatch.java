package dev.fslock.zookeeper;

import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * What can take a held lock away, as this process learns it: Curator's connection states
 * (SUSPENDED, LOST, READ_ONLY) and the deletion of our node. Registered before each acquisition
 * creates its node and removed when it ends, so that it reaches every live handle. It counts the
 * troubles: an acquisition notes the count just before the getChildren that grants it the lock,
 * and its handle is valid only while the count has not moved since (a SUSPENDED while waiting,
 * followed by RECONNECTED within the session, loses nothing; one after the grant may).
 */
final class SessionWatch implements ConnectionStateListener, Watcher {
    private final Runnable onAnyChange;
    private long troubles; // guarded by this
    private Consumer<ZkLockHandle.Event> handle; // guarded by this: set once the lock is held

    /** @param onAnyChange called on every connection state change (wakes a waiting acquisition) */
    SessionWatch(Runnable onAnyChange) {
        this.onAnyChange = onAnyChange;
    }

    synchronized long troubles() {
        return troubles;
    }

    /** From now on, events go to the handle. */
    synchronized void attach(Consumer<ZkLockHandle.Event> handle) {
        this.handle = handle;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState state) {
        switch (state) {
            case SUSPENDED, READ_ONLY -> trouble(ZkLockHandle.Event.SUSPENDED);
            case LOST -> trouble(ZkLockHandle.Event.LOST);
            case RECONNECTED -> deliver(ZkLockHandle.Event.RECONNECTED);
            case CONNECTED -> { } // the first connection: nothing was held before it
        }
        onAnyChange.run();
    }

    /** Our node's watch: deleted (by another client, or with its session). */
    @Override
    public void process(WatchedEvent event) {
        if (event.getType() == Event.EventType.NodeDeleted) {
            trouble(ZkLockHandle.Event.NODE_DELETED);
        }
    }

    private void trouble(ZkLockHandle.Event event) {
        synchronized (this) {
            troubles++;
        }
        deliver(event);
    }

    private void deliver(ZkLockHandle.Event event) {
        Consumer<ZkLockHandle.Event> to;
        synchronized (this) {
            to = handle;
        }
        if (to != null) {
            to.accept(event);
        }
    }
}
