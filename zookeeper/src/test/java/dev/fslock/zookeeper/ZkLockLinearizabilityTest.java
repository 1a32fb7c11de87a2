package dev.fslock.zookeeper;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's stress mode on the ZooKeeper lock against a real server: random scenarios of
 * tryAcquire, release and holds by three owners (each a session of its own), plus the races
 * written out, must be linearizable as a plain lock ({@link SequentialLock}). Model checking is not
 * possible here: lincheck's model checker cannot run network code.
 *
 * <p>The same harness must catch a broken recipe ({@link BrokenZkLocks#secondInLineHolds}: two
 * owners hold at once), and does, in the first race written out; it catches the same off-by-one
 * put into {@link ZkLock} itself too (tried by hand). What stress mode does not find at these
 * bounds: a recipe whose
 * tryAcquire gives up at once when another node is first, without letting it settle (an owner's
 * tryAcquire can then fail while nobody holds the lock, but only in a narrow race: not caught in
 * three runs).
 *
 * <p>Bounds scale with {@code -Dfslock.test.scale} (10 in the "extended" profile).
 */
class ZkLockLinearizabilityTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);
    private static TestingServer server;
    private static final CuratorFramework[] CLIENTS = new CuratorFramework[ZkLockAsObject.MAX_THREAD_ID + 1];

    // Lincheck instantiates a class with a no-arg constructor.

    public static final class Real extends ZkLockAsObject {
        public Real() {
            super((client, path) -> ZkLock.open(client, path)::tryAcquire);
        }
    }

    public static final class SecondInLineHolds extends ZkLockAsObject {
        public SecondInLineHolds() {
            super(BrokenZkLocks::secondInLineHolds);
        }
    }

    @BeforeAll
    static void startServerAndClients() throws Exception {
        // Sessions of 20 s (tick 1 s): the plain lock of the reference has no sessions to lose, and a
        // session that expires in a stall of a loaded machine makes a tryAcquire fail on a free lock
        // (seen with 2 s sessions at a load average of 20). Session loss is tested elsewhere.
        server = ZkServers.standalone(1_000);
        for (int t = 0; t < CLIENTS.length; t++) {
            CLIENTS[t] = ZkServers.client(server.getConnectString(), Duration.ofSeconds(20));
        }
        ZkLockAsObject.useClients(CLIENTS);
    }

    @AfterAll
    static void stopClientsAndServer() throws Exception {
        try {
            ZkLockAsObject.releaseLeftovers();
        } finally {
            ZkLockAsObject.useClients(null);
            for (CuratorFramework c : CLIENTS) {
                if (c != null) {
                    c.close();
                }
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void stressAgainstARealServer() {
        stress(Real.class).check(Real.class);
    }

    @Test
    void aRecipeInWhichTheSecondInLineHoldsIsCaught() {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> stress(SecondInLineHolds.class).check(SecondInLineHolds.class),
                "lincheck did not catch two owners holding the lock at once");
        System.out.println("SecondInLineHolds:" + e.getMessage());
        assertInstanceOf(IncorrectResultsFailure.class, e.getFailure$lincheck(), e.getMessage());
    }

    /** Random scenarios, plus the races written out. */
    private static StressOptions stress(Class<? extends ZkLockAsObject> test) {
        Method tryAcquire = operation(test, "tryAcquire");
        Method holds = operation(test, "holds");
        Method release = operation(test, "release");
        StressOptions options = new StressOptions()
                .sequentialSpecification(SequentialLock.class)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(5 * SCALE)
                .invocationsPerIteration(20);
        // Threads 1 and 2 race for the lock, then each says whether it still holds it.
        options.addCustomScenario(new ExecutionScenario(List.of(),
                List.of(List.of(new Actor(tryAcquire, List.of(1)), new Actor(holds, List.of(1))),
                        List.of(new Actor(tryAcquire, List.of(2)), new Actor(holds, List.of(2)))),
                List.of(), null));
        // Three racers; one releases and tries again.
        options.addCustomScenario(new ExecutionScenario(List.of(),
                List.of(List.of(new Actor(tryAcquire, List.of(1)), new Actor(release, List.of(1)), new Actor(tryAcquire, List.of(1))),
                        List.of(new Actor(tryAcquire, List.of(2)), new Actor(holds, List.of(2))),
                        List.of(new Actor(tryAcquire, List.of(3)), new Actor(holds, List.of(3)))),
                List.of(), null));
        return options;
    }

    private static Method operation(Class<?> test, String name) {
        try {
            return test.getMethod(name, int.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
