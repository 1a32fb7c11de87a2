package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.zookeeper.ZkLock;
import dev.fslock.zookeeper.ZkLockHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fslock run | status zk://...} through the BUILT shaded jar, {@code java -jar fslock-cli.jar},
 * against a real ZooKeeper server (curator-test's TestingServer, in this JVM). ZkCliTest runs the
 * command on the test class path, where every ZooKeeper dependency is present: a class the shade
 * plugin leaves out of the jar (issue 14: a Netty class) passes there and fails only here.
 *
 * <p>The jar is made in {@code package}, after {@code test}: cli/pom.xml runs this class in a second
 * surefire execution ({@code zk-jar}, phase integration-test, so in {@code mvn verify}), which passes
 * the jar's path as the system property {@code fslock.cli.jar}. Without it (e.g. the default test
 * execution, or an IDE) the class is skipped, saying so; a jar named but absent fails.
 */
class ZkJarIT {
    private static TestingServer server;
    private static CuratorFramework client; // the test's own, to hold the lock while status looks at it

    @TempDir Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        String jarProperty = System.getProperty("fslock.cli.jar");
        assumeTrue(jarProperty != null && !jarProperty.isBlank(),
                "no -Dfslock.cli.jar: the shaded jar exists only after package; mvn verify runs this class (cli/pom.xml, zk-jar)");
        assertTrue(Files.isRegularFile(jar()), "no shaded jar at " + jar() + " (mvn package makes it)");
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new ExponentialBackoffRetry(100, 10));
        client.start();
        assertTrue(client.blockUntilConnected(60, TimeUnit.SECONDS), "no connection to the test server in 60 s");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("fslock.cli.jar")).toAbsolutePath();
    }

    /** {@code java -jar <the shaded jar> args...}: nothing from the test class path. */
    private Processes.Result fslockJar(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Processes.JAVA, "-jar", jar().toString()));
        argv.addAll(List.of(args));
        return Processes.run(dir, argv);
    }

    /** A class missing from the jar shows as one of these, whether fslock reports it or the JVM does. */
    private static void assertNoMissingClass(Processes.Result r) {
        for (String missing : List.of("ClassNotFoundException", "NoClassDefFoundError", "ExceptionInInitializerError")) {
            assertFalse(r.err().contains(missing) || r.out().contains(missing), missing + ":\n" + r);
        }
    }

    @Test
    void runAndStatusThroughTheShadedJar() throws Exception {
        String path = "/locks/x";
        String lock = "zk://" + server.getConnectString() + path;
        Path marker = dir.resolve("marker");

        Processes.Result run = fslockJar("run", lock, "--", "sh", "-c",
                "echo \"ran $FSLOCK_FENCING_TOKEN\" >'" + marker + "'");
        assertNoMissingClass(run);
        assertEquals(0, run.status(), run.toString());
        assertEquals("", run.err(), run.toString());
        assertTrue(Files.exists(marker), "the command did not run:\n" + run);
        assertTrue(Files.readString(marker).matches("ran [0-9]+\n"), "no fencing token: " + Files.readString(marker));

        // status reads the holder's node: held by the test's own client, so busy (exit 0).
        ZkLockHandle held = ZkLock.open(client, path).acquire(Duration.ofSeconds(60));
        try {
            Processes.Result status = fslockJar("status", lock);
            assertNoMissingClass(status);
            assertEquals(StatusCommand.BUSY, status.status(), status.toString());
            assertEquals("", status.err(), status.toString());
            assertTrue(status.out().startsWith("lock " + lock + ": held"), status.toString());
            assertTrue(status.out().contains("session: 0x" + Long.toHexString(held.sessionId())), status.toString());
        } finally {
            held.release();
        }
    }
}
