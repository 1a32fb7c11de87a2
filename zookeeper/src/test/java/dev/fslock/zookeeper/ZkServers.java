package dev.fslock.zookeeper;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * Real ZooKeeper servers for the tests, in this JVM (curator-test): a standalone server with a short
 * tick (so that sessions may time out in a second or two) and a container check every 100 ms (so
 * that an empty lock node goes soon, as it would after a minute in production), and Curator clients.
 */
final class ZkServers {
    private ZkServers() {}

    /** Server tick: sessions may last from 2 to 20 ticks. */
    static final int TICK_MS = 100;
    /** The session timeout of the test clients: long enough for a loaded machine, short enough to wait for. */
    static final Duration SESSION = Duration.ofMillis(1500);

    static {
        // Read by the server's ContainerManager when it starts (default: one minute).
        System.setProperty("znode.container.checkIntervalMs", "100");
        // A server in this JVM that hits an error it deems fatal asks for System.exit, which would
        // end the test JVM with a bare exit code (surefire: "The forked VM terminated"); log it
        // instead, so that the test fails with the server's log line.
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    }

    /** Makes sure the static settings above hold before a server starts in this JVM. */
    static void prepare() {}

    static TestingServer standalone() throws Exception {
        return standalone(TICK_MS);
    }

    static TestingServer standalone(int tickMs) throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, tickMs, -1, Map.of());
        return new TestingServer(spec, true);
    }

    /** A started client with the tests' session timeout, connected (60 s at most). */
    static CuratorFramework client(String connect) throws InterruptedException {
        return client(connect, SESSION);
    }

    static CuratorFramework client(String connect, Duration session) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs((int) session.toMillis()).connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(50, 20, 1_000)).build();
        client.start();
        if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("no connection to ZooKeeper at " + connect + " in 60 s");
        }
        return client;
    }
}
