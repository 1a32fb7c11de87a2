package dev.fslock.bench.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper ensemble for the ZooKeeper benchmarks, in its own JVM so that the servers do
 * not share a process (nor its CPU accounting) with the workers: curator-test's TestingServer (one
 * server) or TestingCluster (N servers, each a real quorum peer). Writes the connect string to
 * CONNECT_FILE (whole, by rename) once serving; stops when killed, or when its parent (the
 * harness) exits, so that no server outlives the benchmark.
 *
 * <pre>ZkServer N TICK_MS CONNECT_FILE</pre>
 */
public final class ZkServer {
    private ZkServer() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int tickMs = Integer.parseInt(args[1]);
        Path connectFile = Path.of(args[2]);
        AutoCloseable ensemble;
        String connect;
        if (n == 1) {
            TestingServer server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, tickMs, -1, Map.of()), true);
            ensemble = server;
            connect = server.getConnectString();
        } else {
            List<InstanceSpec> specs = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                specs.add(new InstanceSpec(null, -1, -1, -1, true, id, tickMs, -1, Map.of()));
            }
            TestingCluster cluster = new TestingCluster(specs);
            cluster.start();
            ensemble = cluster;
            connect = cluster.getConnectString();
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                ensemble.close();
            } catch (Exception e) {
                System.err.println("ZkServer: " + e);
            }
        }));
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(stop::countDown));
        Worker.write(connectFile, connect + "\n");
        System.out.println("ZkServer: " + n + " server(s) at " + connect + ", tick " + tickMs + " ms");
        stop.await();
        System.exit(0); // runs the hook: closes the ensemble and removes its data
    }
}
