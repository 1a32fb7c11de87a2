package dev.fslock.zookeeper.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.LockHandle;
import dev.fslock.zookeeper.ZkLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo of docs/zookeeper.md: {@code zookeeper/demo run} waits for a holder, then runs its command with its token. */
class DemoRunTest {
    @TempDir
    Path dir;

    @Test
    void runsTheCommandOnceTheHolderReleasesWithALargerTokenAndItsExitStatus() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = CuratorFrameworkFactory.newClient(server.getConnectString(),
                     new ExponentialBackoffRetry(100, 10))) {
            client.start();
            ZkLock lock = ZkLock.open(client, "/locks/demo");
            LockHandle held = lock.acquire(Duration.ofSeconds(60));
            Path out = dir.resolve("token");
            String[] args = {"--connect", server.getConnectString(), "/locks/demo", "--",
                    "sh", "-c", "echo \"$FSLOCK_FENCING_TOKEN\" > '" + out + "'; exit 7"};
            CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> {
                try {
                    return DemoRun.run(args);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lock.status().queue().size() < 2) { // the demo is queued behind the holder
                assertTrue(System.nanoTime() < deadline, "the demo did not queue for the lock in 60 s");
                Thread.sleep(20);
            }
            assertFalse(Files.exists(out), "the command ran while another client held the lock");
            held.release();
            assertEquals(7, demo.get(60, TimeUnit.SECONDS));
            assertTrue(Long.parseLong(Files.readString(out).trim()) > held.fencingToken());
            assertTrue(lock.status().isFree(), "the demo released the lock");
        }
    }
}
