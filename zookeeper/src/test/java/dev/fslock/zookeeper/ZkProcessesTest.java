package dev.fslock.zookeeper;

import static dev.fslock.zookeeper.ZkLockTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.LockHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs, each with its own session, against one ZooKeeper server started by the test: no
 * lost update on a fenced store under contention; and a holder paused (SIGSTOP) past its session
 * timeout, whose write after SIGCONT the store refuses because the next holder's token is larger.
 */
class ZkProcessesTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);
    private static TestingServer server;

    @TempDir Path dir;
    @TempDir Path output;

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkServers.standalone();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /**
     * Four JVMs increment one counter 50 times each (500 each in the extended profile), each
     * increment a read and a write with the token under the lock. The journal shows 1, 2, 3...
     * and the counter ends at exactly 4 x 50. Checked once by hand: with the lock taken out of
     * ZkWorker.counter (every increment with token 1), the journal check fails at once ("lost
     * update: accepted write #2 (token 1) set the counter to 1, not 2").
     */
    @Test
    void workersLoseNoUpdate() throws Exception {
        int workers = 4;
        int times = 50 * SCALE;
        Path store = dir.resolve("store");
        Path start = dir.resolve("start");
        List<Jvms.Started> started = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            started.add(Jvms.start(output, ZkWorker.class, "counter", server.getConnectString(), "/locks/counter",
                    store.toString(), start.toString(), Integer.toString(times), "10000"));
        }
        Files.createFile(start);
        for (Jvms.Started s : started) {
            assertEquals(0, s.await(), s.output());
            String out = Jvms.read(s.out()).strip();
            assertTrue(out.startsWith("done " + times + " "), out);
            System.out.println("ZkProcessesTest: worker " + s.pid() + ": " + out + " (increments, refused, compromised)");
        }
        FencedStore fenced = new FencedStore(store);
        assertEquals(workers * times, FencedStore.checkJournal(fenced.journal()));
        assertEquals(workers * times, fenced.value());
    }

    /**
     * The paused client (spec MCZkLockPaused, MCZkLock): a worker holds the lock and has read the
     * store; SIGSTOP; its session expires on the server (its node goes); the next holder reads and
     * writes with a larger token; SIGCONT; the worker writes at once, believing it holds the lock.
     * The store refuses its write, and its release reports the lock compromised.
     */
    @Test
    void aHolderPausedPastItsSessionTimeoutIsFencedOff() throws Exception {
        Path store = dir.resolve("store");
        Path report = dir.resolve("report");
        Path go = dir.resolve("go");
        String path = "/locks/paused";
        Jvms.Started paused = Jvms.start(output, ZkWorker.class, "pause", server.getConnectString(), path,
                store.toString(), report.toString(), go.toString(), Long.toString(ZkServers.SESSION.toMillis()));
        try (CuratorFramework client = ZkServers.client(server.getConnectString(), Duration.ofSeconds(10))) {
            ZkLock lock = ZkLock.open(client, path);
            await("the worker holds the lock", () -> Jvms.read(report).startsWith("held "));
            String[] held = Jvms.read(report).lines().findFirst().orElseThrow().split(" ");
            long oldToken = Long.parseLong(held[1]);
            String oldNode = lock.status().holder().orElseThrow().name();

            Jvms.signal(paused.pid(), "STOP");
            try {
                // The server hears nothing for the session timeout and expires the session: its node goes.
                await("the paused worker's node is deleted with its session", () -> lock.status().queue().stream()
                        .noneMatch(n -> n.name().equals(oldNode)));
                FencedStore fenced = new FencedStore(store);
                try (LockHandle next = lock.acquire(Duration.ofSeconds(60))) {
                    assertTrue(next.fencingToken() > oldToken, next.fencingToken() + " > " + oldToken);
                    assertTrue(ZkWorker.increment(fenced, next.fencingToken()));
                }
                Files.createFile(go);
            } finally {
                Jvms.signal(paused.pid(), "CONT");
            }
            int status = paused.await();
            assertEquals(0, status, Jvms.read(paused.err()));
            List<String> lines = Jvms.read(report).lines().toList();
            System.out.println("ZkProcessesTest: the paused worker reported " + lines);
            assertTrue(lines.get(1).startsWith("write refused"), lines::toString);
            assertTrue(lines.get(2).startsWith("compromised lock zk://"), lines::toString);
            FencedStore fenced = new FencedStore(store);
            assertEquals(1, FencedStore.checkJournal(fenced.journal()));
            assertEquals(1, fenced.value());
        }
    }
}
