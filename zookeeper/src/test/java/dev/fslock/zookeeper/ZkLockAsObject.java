package dev.fslock.zookeeper;

import dev.fslock.LockHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * A lock on ZooKeeper as one concurrent object, for lincheck's stress mode: each lincheck thread id
 * is one owner with a client (a session) of its own, as a process would have, and its operations
 * never wait for a holder. Its reference behaviour is {@link SequentialLock}. Each instance (one per
 * lincheck invocation) uses a lock path of its own, and first releases what the previous one left
 * held; the clients are made once, by the test ({@link #useClients}). Subclasses pick the lock:
 * {@link ZkLock}, or one of {@link BrokenZkLocks}.
 */
public abstract class ZkLockAsObject {
    /** Thread ids 0..MAX_THREAD_ID: the initial part, up to 4 parallel threads, the post part. */
    static final int MAX_THREAD_ID = 5;
    private static final AtomicLong COUNTER = new AtomicLong();
    private static volatile CuratorFramework[] clients;
    private static final List<LockHandle> LEFT_HELD = new ArrayList<>(); // guarded by itself

    /** One owner's single attempt at the lock. */
    @FunctionalInterface
    interface TryLock {
        Optional<LockHandle> tryAcquire() throws IOException;
    }

    /** Opens the lock at a path for one owner, through that owner's client. */
    @FunctionalInterface
    interface Opener {
        TryLock open(CuratorFramework client, String path);
    }

    private final TryLock[] owners = new TryLock[MAX_THREAD_ID + 1];
    private final LockHandle[] holding = new LockHandle[MAX_THREAD_ID + 1]; // slot t: touched by thread t only

    /** The clients of thread ids 0..MAX_THREAD_ID; null when no test is running. */
    static void useClients(CuratorFramework[] forThreads) {
        clients = forThreads;
    }

    protected ZkLockAsObject(Opener opener) {
        CuratorFramework[] c = clients;
        if (c == null) {
            throw new IllegalStateException("ZkLockAsObject.useClients was not called");
        }
        releaseLeftovers();
        String path = "/lincheck/i" + COUNTER.incrementAndGet();
        for (int t = 0; t <= MAX_THREAD_ID; t++) {
            owners[t] = opener.open(c[t], path);
        }
    }

    /** Lincheck runs one invocation at a time: the previous instance's handles are no longer in use. */
    static void releaseLeftovers() {
        synchronized (LEFT_HELD) {
            for (LockHandle h : LEFT_HELD) {
                try {
                    h.release();
                } catch (IOException e) {
                    throw new IllegalStateException("releasing a lock left held by an earlier invocation", e);
                }
            }
            LEFT_HELD.clear();
        }
    }

    /** One attempt, no waiting. True if thread {@code t} holds the lock afterwards (already held: no-op). */
    @Operation
    public boolean tryAcquire(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        if (holding[t] == null) {
            holding[t] = owners[t].tryAcquire().orElse(null);
            if (holding[t] != null) {
                synchronized (LEFT_HELD) {
                    LEFT_HELD.add(holding[t]);
                }
            }
        }
        return holding[t] != null;
    }

    /** Releases the lock if thread {@code t} holds it; false (and nothing done) otherwise. */
    @Operation
    public boolean release(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        if (holding[t] == null) {
            return false;
        }
        LockHandle h = holding[t];
        holding[t] = null;
        h.release();
        synchronized (LEFT_HELD) {
            LEFT_HELD.remove(h);
        }
        return true;
    }

    /** Does thread {@code t} hold the lock, with a valid handle? */
    @Operation
    public boolean holds(@Param(gen = ThreadIdGen.class) int t) throws IOException {
        return holding[t] != null && holding[t].isValid();
    }
}
