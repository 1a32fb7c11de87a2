package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fslock.zookeeper.ZkLock;
import dev.fslock.zookeeper.ZkLockHandle;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fslock run | status | break zk://...} against a real ZooKeeper server (curator-test's
 * TestingServer, in this JVM). fslock runs in this JVM on threads of its own, as in
 * CliCommandsTest; its commands are real processes.
 */
class ZkCliTest {
    private static TestingServer server;
    private static CuratorFramework client; // the tests' own, to hold the lock and look at it
    private static int lockCounter;

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new ExponentialBackoffRetry(100, 10));
        client.start();
        assertTrue(client.blockUntilConnected(60, TimeUnit.SECONDS), "no connection to the test server in 60 s");
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    /** A lock path of its own for each test. */
    private static synchronized String newLock() {
        return "/locks/t" + (++lockCounter);
    }

    private static String zk(String path) {
        return "zk://" + server.getConnectString() + path;
    }

    record Outcome(int status, String out, String err) {}

    /** fslock in this JVM, on a thread of its own; fails after 60 s. */
    private static Outcome fslock(String... args) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] status = {-1};
        Thread t = new Thread(() -> status[0] = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), false));
        t.setDaemon(true); // a failed test must not keep the JVM alive
        t.start();
        t.join(Processes.DEADLINE.toMillis());
        if (t.isAlive()) {
            fail("fslock " + String.join(" ", args) + " still running after " + Processes.DEADLINE + "; stderr: " + err);
        }
        return new Outcome(status[0], out.toString(), err.toString());
    }

    @Test
    void concurrentRunsNeverOverlapAndTokensGrow() throws Exception {
        String lock = zk(newLock());
        Path marks = dir.resolve("marks");
        // Each run appends "start TOKEN LOCK", sleeps a little to widen the window, appends "end TOKEN".
        String script = "echo \"start $FSLOCK_FENCING_TOKEN $FSLOCK_LOCK\" >>'" + marks + "'; sleep 0.2;"
                + " echo \"end $FSLOCK_FENCING_TOKEN\" >>'" + marks + "'";
        int runsEach = 3;
        List<Thread> runners = new ArrayList<>();
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < runsEach; i++) {
                    try {
                        outcomes.add(fslock("run", lock, "--", "sh", "-c", script));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            t.start();
            runners.add(t);
        }
        for (Thread t : runners) {
            t.join(2 * Processes.DEADLINE.toMillis());
            assertFalse(t.isAlive(), "runs still going after two minutes");
        }
        assertEquals(2 * runsEach, outcomes.size());
        for (Outcome o : outcomes) {
            assertEquals(0, o.status(), o.toString());
        }
        List<String> lines = Files.readAllLines(marks);
        assertEquals(4 * runsEach, lines.size(), String.join("\n", lines));
        long last = -1;
        for (int i = 0; i < lines.size(); i += 2) {
            String[] start = lines.get(i).split(" ");
            String[] end = lines.get(i + 1).split(" ");
            assertEquals("start", start[0], "runs overlapped:\n" + String.join("\n", lines));
            assertEquals("end", end[0], "runs overlapped:\n" + String.join("\n", lines));
            assertEquals(start[1], end[1], "runs overlapped:\n" + String.join("\n", lines));
            assertEquals(lock, start[2], "FSLOCK_LOCK");
            long token = Long.parseLong(start[1]);
            assertTrue(token > last, "fencing tokens must grow: " + String.join("\n", lines));
            last = token;
        }
    }

    @Test
    void busyLockStatusAndBreak() throws Exception {
        String path = newLock();
        String lock = zk(path);
        ZkLockHandle held = ZkLock.open(client, path).acquire(Duration.ofSeconds(60));
        try {
            Outcome noWait = fslock("run", "-n", lock, "--", "true");
            assertEquals(75, noWait.status(), noWait.toString());
            assertTrue(noWait.err().startsWith("fslock: ") && noWait.err().strip().lines().count() == 1, noWait.err());
            assertTrue(noWait.err().contains("0x" + Long.toHexString(held.sessionId())), noWait.err());
            assertEquals(0, fslock("run", "-n", "-E", "0", lock, "--", "true").status());
            Outcome timedOut = fslock("run", "-w", "0.3", lock, "--", "true");
            assertEquals(75, timedOut.status(), timedOut.toString());

            Outcome status = fslock("status", lock);
            assertEquals(StatusCommand.BUSY, status.status(), status.toString());
            assertTrue(status.out().startsWith("lock " + lock + ": held"), status.out());
            assertTrue(status.out().contains("node:    " + path + "/" + held.entryName()), status.out());
            assertTrue(status.out().contains("session: 0x" + Long.toHexString(held.sessionId())), status.out());
            assertTrue(status.out().contains("fencing token (czxid): " + held.fencingToken()), status.out());

            Outcome json = fslock("status", "--json", lock);
            assertEquals(StatusCommand.BUSY, json.status(), json.toString());
            Map<String, Object> m = new ObjectMapper().readValue(json.out(), new TypeReference<Map<String, Object>>() {});
            assertEquals("held", m.get("state"));
            assertEquals(true, m.get("busy"));
            @SuppressWarnings("unchecked")
            Map<String, Object> holder = ((List<Map<String, Object>>) m.get("queue")).get(0);
            assertEquals("holder", holder.get("role"));
            assertEquals(path + "/" + held.entryName(), holder.get("node"));
            assertEquals("0x" + Long.toHexString(held.sessionId()), holder.get("session"));
            assertEquals(held.fencingToken(), ((Number) holder.get("czxid")).longValue());
            assertEquals(ProcessHandle.current().pid(), ((Number) holder.get("pid")).longValue());

            Outcome refused = fslock("break", lock);
            assertEquals(ExitCodes.USAGE, refused.status(), refused.toString());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
            assertTrue(refused.err().contains("session expires") && refused.err().contains("zkCli.sh"), refused.err());
            assertTrue(held.isValid(), "break touched nothing");
        } finally {
            held.release();
        }
        Outcome free = fslock("status", lock);
        assertEquals(StatusCommand.NOT_BUSY, free.status(), free.toString());
        assertEquals("lock " + lock + ": free", free.out().strip());
        Outcome freeJson = fslock("status", "--json", lock);
        assertEquals(StatusCommand.NOT_BUSY, freeJson.status());
        Map<String, Object> freeMap = new ObjectMapper().readValue(freeJson.out(),
                new TypeReference<Map<String, Object>>() {});
        assertEquals("free", freeMap.get("state"));
        assertEquals(false, freeMap.get("busy"));
        assertEquals(List.of(), freeMap.get("queue"));
        assertEquals(0, fslock("run", "-n", lock, "--", "true").status(), "free again");
    }

    /** The holder's node deleted under a running command: fslock stops the command and exits 76. */
    @Test
    void aLostLockStopsTheCommand() throws Exception {
        String path = newLock();
        String lock = zk(path);
        Path pidFile = dir.resolve("pid");
        Outcome[] outcome = {null};
        Thread run = new Thread(() -> {
            try {
                outcome[0] = fslock("run", lock, "--", "sh", "-c", "echo $$ >'" + pidFile + "'.tmp; mv '" + pidFile
                        + "'.tmp '" + pidFile + "'; exec sleep 600");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        run.setDaemon(true);
        run.start();
        Processes.await("the command runs", () -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        try {
            String node = client.getChildren().forPath(path).get(0);
            client.delete().forPath(path + "/" + node); // as an operator's zkCli.sh delete would
            run.join(Processes.DEADLINE.toMillis());
            assertFalse(run.isAlive(), "fslock did not stop the command after its lock was lost");
            assertTrue(outcome[0] != null, "fslock did not stop the command after its lock was lost (60 s)");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // never leave the sleep behind
        }
        assertEquals(ExitCodes.LOCK_LOST, outcome[0].status(), outcome[0].toString());
        assertTrue(outcome[0].err().contains("lost lock " + lock), outcome[0].err());
        assertFalse(Processes.isAlive(pid), "the command still runs");
    }

    @Test
    void badZooKeeperNames() throws Exception {
        for (String bad : List.of("zk://127.0.0.1/locks/x", "zk://127.0.0.1:2181", "zk://127.0.0.1:2181/", "zk:///locks/x",
                "zk://h:0/x", "zk://h:1,/x")) {
            Outcome o = fslock("status", bad);
            assertEquals(ExitCodes.USAGE, o.status(), bad + ": " + o);
            assertTrue(o.err().contains("zk://HOST:PORT[,HOST:PORT...]/PATH"), o.err());
        }
        Outcome mode = fslock("run", "--mode", "600", zk("/locks/m"), "--", "true");
        assertEquals(ExitCodes.USAGE, mode.status(), mode.toString());
        Outcome badPath = fslock("status", zk("/locks/a//b"));
        assertEquals(ExitCodes.USAGE, badPath.status(), badPath.toString());
    }

    /**
     * The command's class path without the ZooKeeper module (CommandClasspath): a file lock works,
     * and a zk:// lock fails for want of its classes (which shows they really are missing).
     */
    @Test
    void aFileLockNeedsNoZooKeeperClass() throws Exception {
        String cp = CommandClasspath.entries().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> java = List.of(Processes.JAVA, "-cp", cp, Main.class.getName());
        List<String> fileRun = new ArrayList<>(java);
        fileRun.addAll(List.of("run", dir.resolve("x.lock").toString(), "--", "true"));
        Processes.Result file = Processes.run(dir, fileRun);
        assertEquals(0, file.status(), file.toString());
        List<String> zkStatus = new ArrayList<>(java);
        zkStatus.addAll(List.of("status", zk("/locks/none")));
        Processes.Result zk = Processes.run(dir, zkStatus);
        assertTrue(zk.status() != 0, zk.toString());
        assertTrue(zk.err().contains("NoClassDefFoundError"), zk.toString());
    }
}
