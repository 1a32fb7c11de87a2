package dev.fslock.zookeeper;

import dev.fslock.CrossProcessLock;
import dev.fslock.LockHandle;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * A lock kept by Apache ZooKeeper, through an Apache Curator client: the same API as the file lock
 * ({@link CrossProcessLock}), for processes on several hosts. At most one holder at a time, as
 * ZooKeeper sees it; a holder whose process crashes, or is cut off or paused for longer than its
 * session timeout, loses the lock when ZooKeeper expires its session; the fencing token (the lock
 * node's czxid) lets a resource refuse such a holder's late writes.
 *
 * <pre>{@code
 * CuratorFramework client = CuratorFrameworkFactory.newClient("zk1:2181,zk2:2181,zk3:2181",
 *         new ExponentialBackoffRetry(200, 10));
 * client.start();
 * ZkLock lock = ZkLock.open(client, "/locks/deploy");
 * try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
 *     deploy(held.fencingToken());   // pass it to what you update: not optional on ZooKeeper
 * }
 * }</pre>
 *
 * <p>The recipe is ZooKeeper's lock recipe as Curator's {@code InterProcessMutex} implements it
 * (spec/ZkLock.tla): each acquisition creates an ephemeral sequential node under the lock's path
 * (made as a container node if missing); the lowest node's owner holds the lock; each waiter
 * watches the node just below its own. Nodes are named and ordered as InterProcessMutex's, so the
 * two exclude each other on one path. Unlike InterProcessMutex, a lock is not reentrant (a thread
 * that acquires a lock it holds gets an {@link IllegalStateException}), a handle may be released
 * from any thread, and its fencing token is the czxid.
 *
 * <p>What the handle learns of session trouble, and what {@link LockHandle#isValid()} means here:
 * {@link ZkLockHandle}. The client's session timeout is how long a crashed holder keeps the lock,
 * and how long a paused one may go on believing it holds it after losing it. docs/zookeeper.md is
 * the guide.
 *
 * <p>Instances are thread-safe and cheap; the client must be started, and must stay open while
 * the lock is held (closing it ends the session, which releases the lock).
 */
public final class ZkLock implements CrossProcessLock {
    private static final System.Logger LOG = System.getLogger(ZkLock.class.getName());
    /** How long a tryAcquire waits for an acquisition ahead of it to settle (hold or withdraw). */
    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final long FOREVER = Long.MAX_VALUE;
    private static final Set<HeldBy> HELD_BY_THREAD = ConcurrentHashMap.newKeySet();

    /** A lock held by a thread: what makes re-acquisition by that thread fail fast. */
    private record HeldBy(CuratorFramework client, String path, Thread thread) {}

    private final CuratorFramework client;
    private final String path;
    private final ZkLockOptions options;
    private final LockQueue queue;

    private ZkLock(CuratorFramework client, String path, ZkLockOptions options) {
        this.client = client;
        this.path = path;
        this.options = options;
        this.queue = new LockQueue(client, path);
    }

    /**
     * Opens the lock at {@code path} with default options. Makes no request.
     *
     * @param client a started Curator client
     * @param path   the lock's path in ZooKeeper, such as {@code /locks/deploy} (in the client's
     *               namespace, if it has one)
     * @return the lock, not acquired
     * @throws IllegalArgumentException if {@code path} is not a valid ZooKeeper path, or is {@code /}
     */
    public static ZkLock open(CuratorFramework client, String path) {
        return open(client, path, ZkLockOptions.defaults());
    }

    /**
     * Opens the lock at {@code path}. Makes no request: the lock's path is made by the first
     * acquisition (as a container node, which ZooKeeper removes once it is empty).
     *
     * @param client  a started Curator client
     * @param path    the lock's path in ZooKeeper, such as {@code /locks/deploy}
     * @param options the label
     * @return the lock, not acquired
     * @throws IllegalArgumentException if {@code path} is not a valid ZooKeeper path, or is {@code /}
     */
    public static ZkLock open(CuratorFramework client, String path, ZkLockOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        PathUtils.validatePath(path);
        if (path.equals("/")) {
            throw new IllegalArgumentException("the lock's path cannot be the root /: name a node, such as /locks/deploy");
        }
        return new ZkLock(client, path, options);
    }

    /**
     * The lock's path in ZooKeeper.
     *
     * @return the path given to {@link #open}
     */
    public String path() {
        return path;
    }

    /**
     * The lock's name in messages: {@code zk://CONNECT-STRING/PATH}.
     *
     * @return the name
     */
    public String name() {
        String connect = client.getZookeeperClient().getCurrentConnectionString();
        String namespace = client.getNamespace();
        return "zk://" + connect + (namespace == null || namespace.isEmpty() ? "" : "/" + namespace) + path;
    }

    /**
     * The client this lock uses.
     *
     * @return the client given to {@link #open}
     */
    public CuratorFramework client() {
        return client;
    }

    /**
     * This lock's options.
     *
     * @return the options given to {@link #open}
     */
    public ZkLockOptions options() {
        return options;
    }

    LockQueue queue() {
        return queue;
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most; zero for one attempt, which still throws if busy
     * @return the held lock
     * @throws ZkLockTimeoutException if not acquired in time: its message says who holds the lock
     *     (host, pid, session) and {@link ZkLockTimeoutException#zkStatus()} the queue
     * @throws InterruptedException if interrupted while waiting (the node made is deleted)
     * @throws IllegalStateException if this thread already holds this lock, or the client is not started
     * @throws IOException if ZooKeeper cannot be reached (as the client's retry policy decides), or
     *     refuses; nothing is left behind
     */
    @Override
    public ZkLockHandle acquire(Duration timeout) throws IOException, InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        long nanos = timeout.compareTo(Duration.ofDays(365 * 100)) > 0 ? FOREVER : timeout.toNanos();
        long started = System.nanoTime();
        Optional<ZkLockHandle> held = acquire(nanos);
        if (held.isPresent()) {
            return held.get();
        }
        ZkLockStatus status = statusOrNull();
        throw new ZkLockTimeoutException(timeoutMessage(status, nanos == 0 ? null
                : Duration.ofNanos(System.nanoTime() - started)), status);
    }

    /**
     * Acquires the lock, waiting as long as it takes, unless interrupted.
     *
     * @return the held lock
     * @throws InterruptedException if interrupted while waiting (the node made is deleted)
     * @throws IllegalStateException if this thread already holds this lock, or the client is not started
     * @throws IOException if ZooKeeper cannot be reached or refuses; nothing is left behind
     */
    @Override
    public ZkLockHandle acquireInterruptibly() throws IOException, InterruptedException {
        return acquire(FOREVER).orElseThrow(() -> new AssertionError("unreachable"));
    }

    /**
     * One attempt, without waiting for a holder. If an acquisition ahead of this one has not yet
     * settled (its owner has not yet seen whether it holds the lock), waits for it to, at most 2
     * seconds: otherwise both could give up while the lock is free.
     *
     * @return the held lock (a {@link ZkLockHandle}), or empty if another owner holds it
     * @throws IllegalStateException if this thread already holds this lock, or the client is not started
     * @throws InterruptedIOException if the thread was interrupted
     * @throws IOException if ZooKeeper cannot be reached or refuses; nothing is left behind
     */
    @Override
    public Optional<LockHandle> tryAcquire() throws IOException {
        try {
            return acquire(0).map(h -> h);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while trying lock " + name());
            io.initCause(e);
            throw io;
        }
    }

    private Optional<ZkLockHandle> acquire(long timeoutNanos) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        HeldBy key = new HeldBy(client, path, Thread.currentThread());
        if (HELD_BY_THREAD.contains(key)) {
            throw new IllegalStateException("lock " + name() + " is already held by this thread; fslock locks are not"
                    + " reentrant: use the handle you hold, or release it first");
        }
        if (client.getState() != CuratorFrameworkState.STARTED) {
            throw new IllegalStateException("lock " + name() + ": the Curator client is " + client.getState()
                    + "; start it before acquiring (and keep it open while the lock is held)");
        }
        long started = System.nanoTime();
        Acquisition acquisition = new Acquisition(started, timeoutNanos);
        Optional<ZkLockHandle> held = acquisition.run(() -> HELD_BY_THREAD.remove(key));
        if (held.isPresent()) {
            HELD_BY_THREAD.add(key);
            held.get().attach();
            LOG.log(System.Logger.Level.DEBUG, () -> "lock " + name() + ": acquired, node " + held.get().entryName()
                    + ", fencing token " + held.get().fencingToken() + ", after "
                    + Durations.human(Duration.ofNanos(System.nanoTime() - started)));
        }
        return held;
    }

    /**
     * One acquisition: the client's side of spec/ZkLock.tla, from Create to holding the lock or
     * giving up. A node lost with its session while waiting (spec LearnLost) is made again.
     */
    private final class Acquisition {
        private final long started;
        private final long timeoutNanos;
        private final boolean once; // tryAcquire, or a timeout of zero: never wait for a holder
        private final NodeData data = NodeData.acquiring(options.label());
        private final Object monitor = new Object();
        private final Runnable wakeUpNow = () -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        };
        // A node's watch also receives the connection's state changes (type None), on ZooKeeper's event
        // thread, before Curator's SUSPENDED reaches the session watch: waking on those, a waiter would
        // take its trouble mark before the disconnection is counted and, granted after reconnecting,
        // get a handle spoiled by a SUSPENDED from before its grant. The session watch wakes it
        // instead, once it has counted the change.
        private final Watcher wakeUp = event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                wakeUpNow.run();
            }
        };
        // Watches on other nodes, removed when the acquisition ends (not the one on our own node).
        private final WatcherRemoveCuratorFramework watching = client.newWatcherRemoveCuratorFramework();
        private long heldMark; // the session watch's count just before the getChildren that granted the lock

        Acquisition(long started, long timeoutNanos) {
            this.started = started;
            this.timeoutNanos = timeoutNanos;
            this.once = timeoutNanos == 0;
        }

        Optional<ZkLockHandle> run(Runnable onRelease) throws IOException, InterruptedException {
            try {
                while (true) {
                    // Any connection change also wakes a waiter: after a new session, its old watch is gone.
                    SessionWatch watch = new SessionWatch(wakeUpNow);
                    client.getConnectionStateListenable().addListener(watch); // before the create: no event missed
                    LockQueue.OwnNode node = null;
                    boolean done = false;
                    try {
                        node = queue.create(data); // spec Create
                        Outcome outcome = await(node, watch);
                        if (outcome == Outcome.HELD) {
                            done = true;
                            return Optional.of(new ZkLockHandle(ZkLock.this, node, watch, heldMark, onRelease));
                        }
                        if (outcome == Outcome.GAVE_UP) {
                            return Optional.empty();
                        }
                        // Outcome.LOST: our node went with its session; make a new one if time is left.
                        if (deadlinePassed()) {
                            return Optional.empty();
                        }
                    } catch (KeeperException.NoNodeException lost) {
                        // The create was found again after a connection loss, but its session had ended: go again.
                        if (deadlinePassed()) {
                            return Optional.empty();
                        }
                    } catch (InterruptedException e) {
                        withdraw(node);
                        throw e;
                    } catch (Exception e) {
                        withdraw(node);
                        throw Failures.explain(e, name(), "acquiring");
                    } finally {
                        if (!done) {
                            client.getConnectionStateListenable().removeListener(watch);
                        }
                    }
                }
            } finally {
                watching.removeWatchers();
            }
        }

        private enum Outcome { HELD, GAVE_UP, LOST }

        /** Waits until our node is the lowest (HELD), we give up (GAVE_UP, node deleted), or it is gone (LOST). */
        private Outcome await(LockQueue.OwnNode node, SessionWatch watch) throws Exception {
            long settleBy = System.nanoTime() + SETTLE.toNanos();
            while (true) {
                long mark = watch.troubles();
                List<String> children = queue.children(); // spec GetChildren
                int ours = children.indexOf(node.name());
                if (ours < 0) {
                    return Outcome.LOST; // spec LearnLost: the session that made it has expired
                }
                if (ours == 0) {
                    if (node.sessionId() != queue.currentSession()) {
                        // Curator gave up on that session (LOST) and opened another; the server has not
                        // expired the old one yet. A node of a session we no longer have is not a lock.
                        queue.delete(node);
                        return Outcome.LOST;
                    }
                    if (!queue.markHeld(node, data)) {
                        return Outcome.LOST;
                    }
                    queue.watchOwn(node, watch);
                    heldMark = mark;
                    return Outcome.HELD;
                }
                if (once) {
                    if (!settling(children.get(0), settleBy)) {
                        queue.delete(node); // spec DeleteOwn
                        return Outcome.GAVE_UP;
                    }
                    continue;
                }
                synchronized (monitor) {
                    // spec GetData: watch the next-lower node; if it is gone already, look again at once.
                    if (queue.watch(watching, children.get(ours - 1), wakeUp)) {
                        long left = timeLeft();
                        if (left <= 0) {
                            queue.delete(node); // spec GiveUp, DeleteOwn
                            return Outcome.GAVE_UP;
                        }
                        // spec WatchEvent. The watcher needs this monitor, so an event that came
                        // after the getData waits for this wait: none is lost.
                        if (left == FOREVER) {
                            monitor.wait();
                        } else {
                            monitor.wait(Math.max(1, left / 1_000_000));
                        }
                    }
                }
            }
        }

        /**
         * For a single attempt that found {@code lowest} ahead of it: waits for that node to settle.
         *
         * @return true to look again (it went, or changed); false to give up (it holds the lock, or
         *     did not settle in time)
         */
        private boolean settling(String lowest, long settleBy) throws Exception {
            synchronized (monitor) {
                Optional<Optional<NodeData>> data = queue.dataOf(watching, lowest, wakeUp);
                if (data.isEmpty()) {
                    return true; // gone: look again
                }
                if (data.get().isEmpty() || data.get().get().held()) {
                    return false; // held (a node of another program counts as held)
                }
                long left = settleBy - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000)); // its owner marks it held, or deletes it
                return true;
            }
        }

        private long timeLeft() {
            if (timeoutNanos == FOREVER) {
                return FOREVER;
            }
            return timeoutNanos - (System.nanoTime() - started);
        }

        private boolean deadlinePassed() {
            return timeLeft() <= 0;
        }

        /** Deletes our node after a failure or an interrupt, keeping the thread's interrupt status. */
        private void withdraw(LockQueue.OwnNode node) {
            if (node == null) {
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                queue.delete(node); // guaranteed: retried in the background if the connection is down
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "lock " + name() + ": could not delete node " + node.name()
                        + " after a failed acquisition; Curator retries, or the session's end removes it: " + e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * A read-only look at the lock: its nodes, lowest (the holder) first, with their sessions, owners
     * and labels.
     *
     * @return the status
     * @throws IOException if ZooKeeper cannot be reached or refuses
     */
    public ZkLockStatus status() throws IOException {
        try {
            List<String> children = queue.children();
            List<ZkLockStatus.Node> nodes = new ArrayList<>();
            for (String child : children) {
                Stat stat = new Stat();
                byte[] bytes;
                try {
                    bytes = client.getData().storingStatIn(stat).forPath(queue.pathOf(child));
                } catch (KeeperException.NoNodeException gone) {
                    continue; // released or withdrawn meanwhile
                }
                Optional<NodeData> data = NodeData.parse(bytes);
                boolean first = nodes.isEmpty();
                boolean held = data.map(NodeData::held).orElse(true);
                ZkLockStatus.Role role = !first ? ZkLockStatus.Role.WAITING
                        : held ? ZkLockStatus.Role.HOLDER : ZkLockStatus.Role.ACQUIRING;
                nodes.add(new ZkLockStatus.Node(child, role, stat.getEphemeralOwner(), stat.getCzxid(),
                        Instant.ofEpochMilli(stat.getCtime()),
                        data.filter(NodeData::held).map(d -> Instant.ofEpochMilli(stat.getMtime())),
                        data.map(NodeData::host).orElse(""), data.map(NodeData::pid).orElse(-1L),
                        data.map(NodeData::label).orElse(""), data.isPresent()));
            }
            return new ZkLockStatus(name(), nodes, Instant.now());
        } catch (Exception e) {
            throw Failures.explain(e, name(), "reading the lock's nodes");
        }
    }

    private ZkLockStatus statusOrNull() {
        try {
            return status();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Who holds the lock, and how it passes on: for a time-out (or a busy single attempt, {@code waited} null). */
    private String timeoutMessage(ZkLockStatus status, Duration waited) {
        StringBuilder s = new StringBuilder();
        s.append(waited == null ? "lock " + name() + " is busy: "
                : "timed out after " + Durations.human(waited) + " waiting for lock " + name() + ": ");
        if (status == null) {
            s.append("its nodes could not be read");
        } else if (status.queue().isEmpty()) {
            s.append("it is free now (it changed hands meanwhile)");
        } else {
            ZkLockStatus.Node first = status.queue().get(0);
            s.append(first.role() == ZkLockStatus.Role.HOLDER ? "held by " : "being acquired by ")
                    .append(first.describe(status.observedAt()));
            long others = status.queue().size() - 1;
            if (others > 0) {
                s.append("; ").append(others).append(others == 1 ? " other waiting" : " others waiting");
            }
        }
        int timeout = client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
        s.append(". ZooKeeper passes the lock on when its holder releases it, or when the holder's session ends: ")
                .append("a holder that crashed or lost its connection keeps it for its session timeout")
                .append(timeout > 0 ? " (this client's: " + Durations.human(Duration.ofMillis(timeout)) + ")" : "")
                .append(". Wait longer, or stop that process.");
        return s.toString();
    }

    @Override
    public String toString() {
        return "ZkLock[" + name() + "]";
    }
}
