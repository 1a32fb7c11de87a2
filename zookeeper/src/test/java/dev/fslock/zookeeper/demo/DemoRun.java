package dev.fslock.zookeeper.demo;

import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import dev.fslock.zookeeper.ZkLock;
import dev.fslock.zookeeper.ZkLockHandle;
import dev.fslock.zookeeper.ZkLockOptions;
import dev.fslock.zookeeper.ZkLockStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Runs a command under a ZooKeeper lock: the library's API in a few lines, for the demo. Waits for
 * the lock, runs the command with {@code FSLOCK_FENCING_TOKEN} in its environment, releases, and
 * exits with the command's status; says so if the lock was lost meanwhile. The session timeout is
 * 5 s: a holder killed with SIGKILL keeps the lock that long.
 */
final class DemoRun {
    static final int SESSION_MS = 5_000;

    private DemoRun() {}

    static int run(String[] args) throws Exception {
        String connect = "127.0.0.1:2181";
        int i = 0;
        if (args.length > 1 && args[0].equals("--connect")) {
            connect = args[1];
            i = 2;
        }
        int dashes = Arrays.asList(args).indexOf("--");
        if (dashes != i + 1 || dashes == args.length - 1) {
            Demo.fail("run wants a lock path, --, and a command");
        }
        String path = args[i];
        List<String> command = Arrays.asList(args).subList(dashes + 1, args.length);

        try (CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs(SESSION_MS).connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(200, 5)).build()) {
            client.start();
            if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
                System.err.println("demo: no ZooKeeper at " + connect + " after 10 s; start one with: zookeeper/demo server");
                return 2;
            }
            ZkLock lock = ZkLock.open(client, path, ZkLockOptions.defaults().withLabel(String.join(" ", command)));
            Optional<LockHandle> now = lock.tryAcquire();
            ZkLockHandle held;
            if (now.isPresent()) {
                held = (ZkLockHandle) now.get();
            } else {
                ZkLockStatus status = lock.status();
                System.err.println("demo: waiting for " + lock.name() + ", held by "
                        + status.holder().map(n -> n.describe(Instant.now())).orElse("another client"));
                held = lock.acquireInterruptibly();
            }
            System.err.println("demo: holding " + lock.name() + ": fencing token " + held.fencingToken() + ", session 0x"
                    + Long.toHexString(held.sessionId()) + ", node " + held.entryName());
            held.addListener(event -> System.err.println("demo: " + event + ": " + event.meaning()));
            int status;
            try {
                ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                pb.environment().put("FSLOCK_FENCING_TOKEN", Long.toString(held.fencingToken()));
                status = pb.start().waitFor();
            } catch (IOException e) {
                System.err.println("demo: cannot run " + command.get(0) + ": " + e.getMessage());
                status = 127;
            } finally {
                try {
                    held.release();
                } catch (LockCompromisedException e) {
                    System.err.println("demo: " + e.getMessage());
                    return 3;
                }
            }
            System.err.println("demo: released " + lock.name());
            return status;
        }
    }
}
