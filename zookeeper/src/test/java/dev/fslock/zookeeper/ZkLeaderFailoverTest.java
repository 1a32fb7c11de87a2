package dev.fslock.zookeeper;

import static dev.fslock.zookeeper.ZkLockTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A three-server ensemble (curator-test's TestingCluster, in this JVM) loses its leader while a
 * client holds the lock and two wait, one holder and one waiter connected to the leader itself.
 * Their sessions outlive the election: the holder hears SUSPENDED (its handle turns invalid) and
 * RECONNECTED, releases normally (its node was there all along), and the waiters get the lock in
 * turn, with larger tokens and valid handles; the ensemble then serves a new acquisition.
 */
class ZkLeaderFailoverTest {
    /** Server tick 500 ms: sessions of up to 10 s, longer than an election here. */
    private static final int TICK_MS = 500;
    private static final Duration SESSION = Duration.ofSeconds(8);

    private TestingCluster cluster;
    private final List<CuratorFramework> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(CuratorFramework::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theLockAndItsWaitersCarryOnWhenTheLeaderIsKilled() throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(new InstanceSpec(null, -1, -1, -1, true, id, TICK_MS, -1, Map.of()));
        }
        ZkServers.prepare();
        cluster = new TestingCluster(specs);
        cluster.start();
        InstanceSpec leader = awaitLeader(specs);
        String path = "/locks/failover";

        CuratorFramework holderClient = clientOn(leader);
        CuratorFramework onLeader = clientOn(leader);
        CuratorFramework anywhere = client();
        ZkLock holderLock = ZkLock.open(holderClient, path);
        ZkLockHandle held = holderLock.acquire(Duration.ofSeconds(60));
        List<ZkLockHandle.Event> events = new CopyOnWriteArrayList<>();
        held.addListener(events::add);
        CompletableFuture<ZkLockHandle> first = waitFor(ZkLock.open(onLeader, path));
        await("the first waiter is queued", () -> holderLock.status().queue().size() == 2);
        CompletableFuture<ZkLockHandle> second = waitFor(ZkLock.open(anywhere, path));
        await("the second waiter is queued", () -> holderLock.status().queue().size() == 3);

        assertTrue(cluster.killServer(leader));
        InstanceSpec newLeader = awaitLeader(specs.stream().filter(s -> !s.equals(leader)).toList());
        System.out.println("ZkLeaderFailoverTest: leader server " + leader.getServerId() + " killed; server "
                + newLeader.getServerId() + " leads now");
        await("RECONNECTED reaches the holder", () -> events.contains(ZkLockHandle.Event.RECONNECTED));
        assertEquals(ZkLockHandle.Event.SUSPENDED, events.get(0), events::toString);
        assertFalse(held.isValid(), "invalid from SUSPENDED on");
        assertFalse(first.isDone());
        held.release(); // normal: the session survived, and so did the node

        ZkLockHandle next = first.get(60, TimeUnit.SECONDS);
        assertTrue(next.fencingToken() > held.fencingToken());
        assertTrue(next.isValid(), () -> "a SUSPENDED while waiting does not spoil the grant that follows: " + next.invalidBecause());
        assertFalse(second.isDone());
        next.release();
        ZkLockHandle last = second.get(60, TimeUnit.SECONDS);
        assertTrue(last.fencingToken() > next.fencingToken());
        last.release();

        try (ZkLockHandle again = ZkLock.open(client(), path).acquire(Duration.ofSeconds(60))) {
            assertTrue(again.fencingToken() > last.fencingToken());
        }
    }

    private CompletableFuture<ZkLockHandle> waitFor(ZkLock lock) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return lock.acquireInterruptibly();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private CuratorFramework client() throws InterruptedException {
        CuratorFramework c = ZkServers.client(cluster.getConnectString(), SESSION);
        clients.add(c);
        return c;
    }

    /** A client of the whole ensemble that happens to be connected to {@code server} (new ones until one is). */
    private CuratorFramework clientOn(InstanceSpec server) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            CuratorFramework c = client();
            if (server.equals(cluster.findConnectionInstance(c.getZookeeperClient().getZooKeeper()))) {
                return c;
            }
        }
        throw new AssertionError("no client connected to server " + server.getServerId() + " in 100 tries");
    }

    /** The server among {@code candidates} that says it leads (ZooKeeper's srvr command), once one does. */
    private static InstanceSpec awaitLeader(List<InstanceSpec> candidates) throws Exception {
        InstanceSpec[] found = {null};
        await("a leader is elected", () -> {
            found[0] = candidates.stream().filter(ZkLeaderFailoverTest::leads).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static boolean leads(InstanceSpec server) {
        try {
            String srvr = FourLetterWordMain.send4LetterWord("localhost", server.getPort(), "srvr", false, 2_000);
            return Optional.ofNullable(srvr).orElse("").contains("Mode: leader");
        } catch (Exception e) {
            return false; // down, or not serving yet
        }
    }
}
