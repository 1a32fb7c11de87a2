package dev.fslock.zookeeper.demo;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server for trying the lock on one machine (docs/zookeeper.md): curator-test's
 * TestingServer, the real ZooKeeper server in this JVM, on a fixed port, its data in a temporary
 * directory removed when it stops. Runs until killed (Ctrl-C). Not for production: one server, no
 * persistence across runs.
 *
 * <p>Usage: {@code zookeeper/demo server [PORT]} (default 2181).
 */
public final class DemoServer {
    /** Tick 500 ms: sessions may last 1 to 10 s, so that a killed holder's lock passes on in seconds. */
    static final int TICK_MS = 500;

    private DemoServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Demo.port(args[0]) : 2181;
        InstanceSpec spec = new InstanceSpec(null, port, -1, -1, true, -1, TICK_MS, -1, Map.of(), "127.0.0.1");
        TestingServer server;
        try {
            server = new TestingServer(spec, true);
        } catch (Exception e) {
            System.err.println("demo server: cannot start ZooKeeper on port " + port + " (" + e
                    + "): is something else listening there? Try another port: zookeeper/demo server PORT");
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("demo server: " + e);
            }
            stopped.countDown();
        }));
        System.out.println("ZooKeeper is serving at " + server.getConnectString() + " (data in "
                + server.getTempDirectory() + ", removed on exit). Ctrl-C stops it.");
        stopped.await();
    }
}
