package dev.fslock.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.CrossProcessLock;
import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import dev.fslock.LockTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZooKeeper lock against a real ZooKeeper server (curator-test's TestingServer, in this JVM),
 * each owner with its own client and so its own session, as separate processes would have.
 */
class ZkLockTest {
    private static TestingServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private String path;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkServers.standalone();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void lockPath(TestInfo test) {
        path = "/locks/" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(CuratorFramework::close);
    }

    private CuratorFramework client() throws InterruptedException {
        CuratorFramework c = ZkServers.client(server.getConnectString());
        clients.add(c);
        return c;
    }

    private ZkLock lock() throws InterruptedException {
        return ZkLock.open(client(), path);
    }

    @Test
    void theTokenIsTheCzxidOfTheHoldersNode() throws Exception {
        ZkLock lock = lock();
        try (LockHandle held = lock.acquire(Duration.ofSeconds(60))) {
            ZkLockHandle zk = (ZkLockHandle) held;
            Stat stat = lock.client().checkExists().forPath(zk.nodePath());
            assertEquals(stat.getCzxid(), held.fencingToken());
            assertEquals(stat.getEphemeralOwner(), zk.sessionId());
            assertEquals(lock.client().getZookeeperClient().getZooKeeper().getSessionId(), zk.sessionId());
            assertTrue(held.entryName().matches("_c_[0-9a-f-]{36}-lock-\\d{10}"), held.entryName());
            assertTrue(held.isValid());
        }
        assertTrue(lock.status().isFree());
    }

    /**
     * The container lock node is deleted once empty, and the next acquisition's node is numbered
     * from 0 again (MCZkLockSeqToken): the czxid still grows.
     */
    @Test
    void tokensGrowAlsoAfterTheLockNodeIsDeletedAndTheSequenceRestarts() throws Exception {
        ZkLock lock = lock();
        long last = 0;
        List<String> names = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            LockHandle held = lock.acquire(Duration.ofSeconds(60));
            assertTrue(held.fencingToken() > last, held.fencingToken() + " after " + last);
            last = held.fencingToken();
            names.add(held.entryName());
            held.release();
            CuratorFramework c = lock.client();
            await("the empty container " + path + " is deleted", () -> c.checkExists().forPath(path) == null);
        }
        for (String name : names) {
            assertTrue(name.endsWith("-lock-0000000000"), "sequence restarted: " + names);
        }
    }

    @Test
    void aSecondOwnerWaitsAndGetsTheLockWithALargerTokenOnRelease() throws Exception {
        ZkLock first = lock();
        ZkLock second = ZkLock.open(client(), path, ZkLockOptions.defaults().withLabel("second"));
        LockHandle held = first.acquire(Duration.ofSeconds(60));
        CompletableFuture<LockHandle> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return second.acquireInterruptibly();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await("the second owner is queued", () -> first.status().queue().size() == 2);
        ZkLockStatus status = first.status();
        assertEquals(ZkLockStatus.Role.HOLDER, status.queue().get(0).role());
        assertEquals(ZkLockStatus.Role.WAITING, status.queue().get(1).role());
        assertEquals("second", status.queue().get(1).label());
        assertEquals(ProcessHandle.current().pid(), status.queue().get(1).pid());
        assertFalse(waiting.isDone());
        long token = held.fencingToken();
        held.release();
        LockHandle next = waiting.get(60, TimeUnit.SECONDS);
        assertTrue(next.fencingToken() > token);
        assertEquals(next.entryName(), second.status().holder().orElseThrow().name());
        next.release();
    }

    @Test
    void aSingleAttemptOnABusyLockFailsAndLeavesNoNode() throws Exception {
        ZkLock holder = lock();
        ZkLock other = lock();
        try (LockHandle held = holder.acquire(Duration.ofSeconds(60))) {
            assertEquals(Optional.empty(), other.tryAcquire());
            ZkLockTimeoutException busy = assertThrows(ZkLockTimeoutException.class, () -> other.acquire(Duration.ZERO));
            assertTrue(busy.getMessage().contains("is busy: held by pid " + ProcessHandle.current().pid()), busy.getMessage());
            assertTrue(busy.getMessage().contains("session 0x" + Long.toHexString(((ZkLockHandle) held).sessionId())),
                    busy.getMessage());
            assertNull(busy.status(), "the file lock's status");
            assertEquals(List.of(held.entryName()), busy.zkStatus().queue().stream().map(ZkLockStatus.Node::name).toList());
            assertEquals(1, holder.status().queue().size(), "no node left behind");
        }
    }

    @Test
    void aTimeoutSaysWhoHoldsTheLockAndLeavesNoNode() throws Exception {
        ZkLock holder = ZkLock.open(client(), path, ZkLockOptions.defaults().withLabel("nightly backup"));
        ZkLock other = lock();
        try (LockHandle held = holder.acquire(Duration.ofSeconds(60))) {
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> other.acquire(Duration.ofMillis(300)));
            assertTrue(e.getMessage().startsWith("timed out after "), e.getMessage());
            assertTrue(e.getMessage().contains("label \"nightly backup\""), e.getMessage());
            assertTrue(e.getMessage().contains("session timeout"), e.getMessage());
            assertEquals(1, holder.status().queue().size(), "no node left behind");
        }
    }

    @Test
    void locksAreNotReentrant() throws Exception {
        ZkLock lock = lock();
        try (LockHandle held = lock.acquire(Duration.ofSeconds(60))) {
            assertThrows(IllegalStateException.class, () -> lock.acquire(Duration.ofSeconds(1)));
            assertThrows(IllegalStateException.class, lock::tryAcquire);
            assertThrows(IllegalStateException.class, () -> ZkLock.open(lock.client(), path).tryAcquire());
        }
        lock.tryAcquire().orElseThrow().release();
    }

    @Test
    void aHandleMayBeReleasedFromAnotherThread() throws Exception {
        ZkLock lock = lock();
        LockHandle held = lock.acquire(Duration.ofSeconds(60));
        CompletableFuture.runAsync(() -> {
            try {
                held.release();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertFalse(held.isValid());
        held.release(); // idempotent
        assertTrue(lock.status().isFree());
    }

    @Test
    void anInterruptedWaiterLeavesNoNode() throws Exception {
        ZkLock holder = lock();
        ZkLock waiter = lock();
        try (LockHandle held = holder.acquire(Duration.ofSeconds(60))) {
            Thread[] thread = new Thread[1];
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            thread[0] = new Thread(() -> {
                try {
                    waiter.acquireInterruptibly().release();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            thread[0].start();
            await("the waiter is queued", () -> holder.status().queue().size() == 2);
            thread[0].interrupt();
            assertInstanceOf(InterruptedException.class, outcome.get(60, TimeUnit.SECONDS));
            await("the waiter's node is deleted", () -> holder.status().queue().size() == 1);
        }
    }

    @Test
    void excludesCuratorsInterProcessMutexOnTheSamePath() throws Exception {
        InterProcessMutex mutex = new InterProcessMutex(client(), path);
        ZkLock lock = lock();
        assertTrue(mutex.acquire(60, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), lock.tryAcquire());
        assertEquals(ZkLockStatus.Role.HOLDER, lock.status().queue().get(0).role());
        assertFalse(lock.status().queue().get(0).fslock());
        mutex.release();
        try (LockHandle held = lock.acquire(Duration.ofSeconds(60))) {
            assertFalse(mutex.acquire(100, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The holder's session expires on the server (as it does when the holder is paused past its
     * timeout): another client gets the lock; the old holder's handle turns invalid when it hears
     * of it, its late write is refused by the fenced resource, and its release reports the lock
     * compromised.
     */
    @Test
    void aHolderWhoseSessionExpiredIsFencedOffAndItsReleaseSaysSo() throws Exception {
        ZkLock first = lock();
        ZkLock second = lock();
        FencedStore store = new FencedStore(dir.resolve("store"));
        ZkLockHandle old = first.acquire(Duration.ofSeconds(60));
        List<ZkLockHandle.Event> events = new CopyOnWriteArrayList<>();
        old.addListener(events::add);
        long value = store.read(old.fencingToken()).orElseThrow();

        Sessions.expireOnServer(first.client(), server.getConnectString());
        LockHandle next = second.acquire(Duration.ofSeconds(60));
        assertTrue(next.fencingToken() > old.fencingToken());
        long nextValue = store.read(next.fencingToken()).orElseThrow();
        assertTrue(store.write(next.fencingToken(), nextValue + 1));

        assertFalse(store.write(old.fencingToken(), value + 1), "the old holder's late write is refused");
        await("the old holder hears that it lost the lock", () -> !old.isValid());
        await("LOST reaches the handle's listeners", () -> events.contains(ZkLockHandle.Event.LOST));
        LockCompromisedException e = assertThrows(LockCompromisedException.class, old::release);
        assertTrue(e.getMessage().contains(old.entryName()), e.getMessage());
        assertEquals(1, store.value());
        next.release();
    }

    /** Without the token check, the same late write lands after the next holder's: MCZkLockNoFence. */
    @Test
    void withoutTheTokenCheckTheLateWriteLands() throws Exception {
        ZkLock first = lock();
        ZkLock second = lock();
        FencedStore unchecked = new FencedStore(dir.resolve("unchecked"), false);
        LockHandle old = first.acquire(Duration.ofSeconds(60));
        long value = unchecked.read(old.fencingToken()).orElseThrow();
        Sessions.expireOnServer(first.client(), server.getConnectString());
        try (LockHandle next = second.acquire(Duration.ofSeconds(60))) {
            assertTrue(unchecked.write(next.fencingToken(), unchecked.read(next.fencingToken()).orElseThrow() + 1));
            assertTrue(unchecked.write(old.fencingToken(), value + 1));
        }
        AssertionError lost = assertThrows(AssertionError.class, () -> FencedStore.checkJournal(unchecked.journal()));
        assertTrue(lost.getMessage().startsWith("lost update"), lost.getMessage());
    }

    /**
     * SUSPENDED makes the handle invalid at once and for good; if the session survives (the server
     * restarts within the session timeout), the release is a normal one.
     */
    @Test
    void aSuspendedHandleStaysInvalidButReleasesNormallyIfTheSessionSurvived() throws Exception {
        // A server of its own, whose sessions may last 20 s: the restart must not expire them.
        try (TestingServer slow = ZkServers.standalone(1000)) {
            CuratorFramework c = ZkServers.client(slow.getConnectString(), Duration.ofSeconds(20));
            clients.add(c);
            ZkLock lock = ZkLock.open(c, path);
            ZkLockHandle held = lock.acquire(Duration.ofSeconds(60));
            List<ZkLockHandle.Event> events = new CopyOnWriteArrayList<>();
            held.addListener(events::add);
            long session = held.sessionId();
            slow.restart();
            await("RECONNECTED reaches the handle", () -> events.contains(ZkLockHandle.Event.RECONNECTED));
            assertEquals(List.of(ZkLockHandle.Event.SUSPENDED, ZkLockHandle.Event.RECONNECTED), events);
            assertFalse(held.isValid());
            assertTrue(held.invalidBecause().orElseThrow().contains("connection to ZooKeeper dropped"));
            assertEquals(session, c.getZookeeperClient().getZooKeeper().getSessionId(), "the same session");
            held.release(); // no LockCompromisedException: the node was there all along
            assertTrue(lock.status().isFree());
        }
    }

    /** Another client deletes the holder's node (what fslock break --force does). */
    @Test
    void aDeletedNodeInvalidatesTheHandleAndItsReleaseSaysCompromised() throws Exception {
        ZkLock lock = lock();
        ZkLockHandle held = lock.acquire(Duration.ofSeconds(60));
        client().delete().forPath(held.nodePath());
        await("the deletion reaches the handle", () -> !held.isValid());
        assertTrue(held.invalidBecause().orElseThrow().contains("deleted"));
        assertThrows(LockCompromisedException.class, held::release);
    }

    @Test
    void theSharedApiWorksThroughTheInterface() throws Exception {
        CrossProcessLock lock = lock();
        String result = lock.withLock(Duration.ofSeconds(60), held -> "token " + held.fencingToken());
        assertTrue(result.matches("token \\d+"), result);
    }

    @Test
    void badPathsAreRefused() throws Exception {
        CuratorFramework c = client();
        assertThrows(IllegalArgumentException.class, () -> ZkLock.open(c, "/"));
        assertThrows(IllegalArgumentException.class, () -> ZkLock.open(c, "no/leading/slash"));
        assertThrows(IllegalArgumentException.class, () -> ZkLock.open(c, "/trailing/"));
    }

    // ------------------------------------------------------------------------------------------

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until {@code check} holds; fails after 60 s. */
    static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after 60 s waiting until " + what);
            }
            Thread.sleep(5); // polling interval, not synchronization: the condition decides
        }
    }

    static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }
}
