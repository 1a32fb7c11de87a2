package dev.fslock.zookeeper;

import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;

/**
 * A held {@link ZkLock}: its ephemeral sequential node in ZooKeeper, owned by this client's
 * session. {@link ZkLock}'s methods return it as a {@link LockHandle}; cast to reach the session
 * and the events.
 *
 * <h2>What "valid" means</h2>
 * ZooKeeper decides who holds the lock: the owner of the lowest node. This process only learns
 * that it lost the lock when it hears from ZooKeeper, and a process that is paused (GC, SIGSTOP) or
 * cut off hears nothing: its session may have expired, and another client may hold the lock, while
 * it still believes it holds. So {@link #isValid()} is false as soon as this process has any
 * reason to doubt, and stays false:
 * <ul>
 *   <li>{@link Event#SUSPENDED SUSPENDED}: the connection dropped. The session lives on in the
 *       server for the session timeout, but this client cannot tell whether it still does: the
 *       server may expire it at any moment, and give the lock to the next client, before the
 *       client hears of it (spec/ZkLock.tla, {@code BelievedMutualExclusion}: violated even by
 *       clients that stop on LOST). Stop using the lock now, not on LOST.
 *   <li>{@link Event#LOST LOST}: the session ended (expired, or presumed so by Curator after the
 *       session timeout without a connection). The node is gone or going.
 *   <li>{@link Event#NODE_DELETED NODE_DELETED}: the node was deleted (by another client, as
 *       {@code fslock break --force} does, or with the session).
 *   <li>the client was closed, or is not connected at the moment {@code isValid()} asks.
 * </ul>
 * It stays false after {@link Event#RECONNECTED RECONNECTED}: a handle's validity only ever goes
 * from true to false, so that code which checks it before each step never resumes behind
 * something that happened while it was in doubt (and Curator also reports RECONNECTED after LOST,
 * with a new session). If the session did survive, {@link #release()} still releases normally;
 * acquire again to go on, with a new, larger fencing token.
 *
 * <p>None of this can stop a paused process from acting after its lock is gone: it checks nothing
 * while paused. Only the resource can, by refusing tokens below the largest it has seen. Pass
 * {@link #fencingToken()} with every write.
 */
public final class ZkLockHandle implements LockHandle {
    private static final System.Logger LOG = System.getLogger(ZkLockHandle.class.getName());

    /** What this process hears about its lock, in the order it hears it. */
    public enum Event {
        /** The connection to ZooKeeper dropped: the session may expire and the lock pass on before this client hears of it. */
        SUSPENDED("the connection to ZooKeeper dropped: the session may expire, and the lock pass to another client,"
                + " before this process hears of it"),
        /** The connection is back (within the session, or with a new one after LOST). */
        RECONNECTED("reconnected to ZooKeeper"),
        /** The session ended: the node is gone or going, and another client may hold the lock. */
        LOST("the ZooKeeper session ended (expired, or presumed expired by Curator): the lock node is gone or going,"
                + " and another client may hold the lock"),
        /** The lock node was deleted: by another client, or with the session. */
        NODE_DELETED("the lock node was deleted (by another client, e.g. fslock break --force, or with its session)");

        private final String meaning;

        Event(String meaning) {
            this.meaning = meaning;
        }

        /**
         * What the event means for the holder, in a sentence.
         *
         * @return the explanation
         */
        public String meaning() {
            return meaning;
        }
    }

    private final ZkLock lock;
    private final LockQueue.OwnNode node;
    private final SessionWatch watch;
    private final long troublesAtGrant;
    private final Instant acquiredAt;
    private final Runnable onRelease;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private String invalidBecause; // guarded by this: the first reason to doubt, null while valid
    private boolean released; // guarded by this

    ZkLockHandle(ZkLock lock, LockQueue.OwnNode node, SessionWatch watch, long troublesAtGrant, Runnable onRelease) {
        this.lock = lock;
        this.node = node;
        this.watch = watch;
        this.troublesAtGrant = troublesAtGrant;
        this.acquiredAt = Instant.now();
        this.onRelease = onRelease;
    }

    /** Starts receiving the session watch's events. */
    void attach() {
        watch.attach(this::event);
        isValid(); // a trouble between the grant and now counts
    }

    /**
     * {@inheritDoc} Here: the czxid of this handle's node, the zxid of the transaction that created
     * it. Zxids are unique and grow in one total order across the whole ensemble, so a later holder's
     * is larger, also after the lock's container node was deleted and recreated (where sequence
     * numbers start again at 0: never use those as tokens). Not comparable with {@link
     * dev.fslock.FsLock}'s tokens: guard one resource with one kind of lock.
     */
    @Override
    public long fencingToken() {
        return node.czxid();
    }

    @Override
    public Instant acquiredAt() {
        return acquiredAt;
    }

    /** The name of this handle's lock node in the lock's path ({@code _c_GUID-lock-SEQUENCE}). */
    @Override
    public String entryName() {
        return node.name();
    }

    /**
     * The full path of this handle's lock node.
     *
     * @return the node's path
     */
    public String nodePath() {
        return node.path();
    }

    /**
     * The ZooKeeper session that owns this handle's node: the node goes when the session ends.
     *
     * @return the session id
     */
    public long sessionId() {
        return node.sessionId();
    }

    /**
     * True while not released and this process has had no reason to doubt that it holds the lock
     * (see the class comment): no SUSPENDED, LOST or deletion of the node heard since the grant,
     * and the client connected now. Makes no request: cheap enough before every write. Once false,
     * false for good.
     *
     * @return true while held, as far as this process can know
     */
    @Override
    public boolean isValid() {
        synchronized (this) {
            if (released || invalidBecause != null) {
                return false;
            }
        }
        CuratorFramework client = lock.client();
        if (watch.troubles() != troublesAtGrant) {
            invalidate("trouble reported by Curator since the lock was granted");
        } else if (client.getState() != CuratorFrameworkState.STARTED) {
            invalidate("the Curator client was closed");
        } else if (!client.getZookeeperClient().isConnected()) {
            invalidate("not connected to ZooKeeper");
        }
        synchronized (this) {
            return !released && invalidBecause == null;
        }
    }

    /**
     * Why this handle is no longer valid, if it is not.
     *
     * @return the first reason to doubt; empty while valid (or released without doubt)
     */
    public synchronized Optional<String> invalidBecause() {
        return Optional.ofNullable(invalidBecause);
    }

    /**
     * Calls {@code listener} with every event this process hears about its lock from now on, until
     * the handle is released: on Curator's event thread, so it must return quickly. SUSPENDED, LOST
     * and NODE_DELETED also make {@link #isValid()} false before the listener is called.
     *
     * @param listener what to call
     */
    public void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    private void event(Event event) {
        if (event != Event.RECONNECTED) {
            invalidate(event.meaning());
        }
        synchronized (this) {
            if (released) {
                return;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "lock " + lock.name() + ", node " + node.name() + ": " + event);
        for (Consumer<Event> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a lock event listener failed", e);
            }
        }
    }

    private synchronized void invalidate(String because) {
        if (invalidBecause == null && !released) {
            invalidBecause = because;
        }
    }

    /**
     * Deletes this handle's node; does nothing if already released.
     *
     * @throws LockCompromisedException if the node was gone: its session ended (expired) or another
     *     client deleted it while it was held, and another client may have held the lock meanwhile
     *     (the handle is released nonetheless). A node still there at release was there all along:
     *     node names are unique, and a deleted node never comes back, so nobody else held the lock
     *     meanwhile, whatever the connection did.
     * @throws IOException if ZooKeeper could not be reached: the lock may still be held. Curator
     *     keeps deleting the node in the background (a guaranteed delete) until it succeeds or the
     *     session ends; calling release again tries again at once.
     */
    @Override
    public void release() throws IOException {
        synchronized (this) { // held across the call so that a concurrent release waits for its outcome
            if (released) {
                return;
            }
            boolean wasThere;
            try {
                wasThere = lock.queue().delete(node); // spec Release
            } catch (Exception e) {
                throw Failures.explain(e, lock.name(), "releasing (deleting node " + node.name() + ")");
            }
            released = true;
            lock.client().getConnectionStateListenable().removeListener(watch);
            onRelease.run();
            LOG.log(System.Logger.Level.DEBUG, () -> "lock " + lock.name() + ": released node " + node.name()
                    + (wasThere ? "" : " (it was gone already: compromised)"));
            if (!wasThere) {
                throw new LockCompromisedException("lock " + lock.name() + " was compromised: the lock node " + node.name()
                        + " of this holder (session 0x" + Long.toHexString(node.sessionId()) + ", fencing token "
                        + node.czxid() + ") was gone at release: "
                        + (invalidBecause != null ? invalidBecause : "its session ended or another client deleted it")
                        + ". Another client may have held the lock meanwhile; check what was done under it (a resource"
                        + " that checks fencing tokens has refused this holder's writes after the next holder's).");
            }
        }
    }

    @Override
    public String toString() {
        return "ZkLockHandle[" + lock.name() + ", node " + node.name() + ", token " + node.czxid() + "]";
    }
}
