package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: who recovers the lock of a holder killed with SIGKILL, and how. Three JVMs: a holder, the
 * queue's head (blocked in the kernel on a shared lock of the holder's entry) and a waiter asleep on
 * the queue ({@link RecoveringWorker}s, probe period 30 s: the queue's timeout of 300 s never ends a
 * sleep here). The head, woken by the kernel, breaks the dead holder's entry and takes the lock, and
 * publishes the break log's record only after its rename (in a thread of its own, waited for before
 * it releases): the first record a JVM logs takes tens of ms, which used to fall between the break
 * and the rename, where it delayed the recovery (and let a waiter that bypassed the queue overtake
 * the head). The sleeper is head next: it never bypasses, never breaks. Fails on the code that
 * logged the break before the rename (BreakLogged before RenameOk).
 */
class RecoveryAfterKillTest {
    @TempDir Path dir;
    @TempDir Path output;

    @Test
    void theHeadWokenByTheKernelBreaksAndTakesTheLockThenLogsAndTheSleeperFollowsWithoutBypassing() throws Exception {
        Path lockPath = dir.resolve("x.lock");
        Path queue = dir.resolve("x.lock.queue");
        Process holder = new ProcessBuilder(Processes.java(HoldingWorker.class, lockPath.toString()))
                .redirectError(output.resolve("holder.err").toFile()).start();
        Processes.Started head = null;
        Processes.Started sleeper = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String held = out.readLine();
            assertTrue(held != null && held.startsWith("HELD "), "holder: " + held + Processes.read(output.resolve("holder.err")));

            head = Processes.start(output, Processes.java(RecoveringWorker.class, lockPath.toString()));
            long headPid = head.pid();
            Processes.await("the first waiter holds the queue's lock", () -> Processes.queueLocks(queue, headPid, false));
            Processes.await("the head waits in the kernel for a shared lock of the holder's entry (/proc/locks)",
                    () -> waitsForReadLock(headPid));

            sleeper = Processes.start(output, Processes.java(RecoveringWorker.class, lockPath.toString()));
            long sleeperPid = sleeper.pid();
            Processes.await("the second waiter sleeps in the kernel on the queue", () -> Processes.queueLocks(queue, sleeperPid, true));

            Processes.signal(holder.pid(), "KILL");
            List<String> headSteps = acquired(head.await(), "head");
            List<String> sleeperSteps = acquired(sleeper.await(), "sleeper");

            assertTrue(headSteps.contains("QueueJoin") && !headSteps.contains("QueueBypass"), "head: " + headSteps);
            int broke = headSteps.indexOf("BreakEntry");
            int renamed = headSteps.indexOf("RenameOk");
            int logged = headSteps.indexOf("BreakLogged");
            assertTrue(broke >= 0 && broke < renamed, "the head broke the dead holder's entry, then renamed: " + headSteps);
            assertTrue(renamed < logged, "the head logged the break after its rename, not between: " + headSteps);

            assertTrue(sleeperSteps.contains("QueueJoin"), "sleeper: " + sleeperSteps);
            assertFalse(sleeperSteps.contains("QueueBypass"), "the sleeper never bypassed the queue: " + sleeperSteps);
            assertFalse(sleeperSteps.contains("BreakEntry"), "the sleeper had nothing to break: " + sleeperSteps);
            assertEquals(List.of(), Processes.list(lockPath), "both released; the dead holder's entry was broken");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(60, TimeUnit.SECONDS);
            for (Processes.Started s : new Processes.Started[] {head, sleeper}) {
                if (s != null && s.process().isAlive()) {
                    s.process().destroyForcibly();
                }
            }
        }
    }

    /**
     * The steps of a worker that acquired and released (its RELEASED line: the break log's records
     * are published before the release), after checking, for the head, that the kernel told it of
     * a holder's end at least once.
     */
    private static List<String> acquired(Processes.Result result, String who) {
        assertEquals(0, result.status(), who + ": " + result);
        List<String> lines = result.out().lines().toList();
        assertEquals(2, lines.size(), who + ": " + result);
        String[] acquired = lines.get(0).split(" ");
        assertEquals("ACQUIRED", acquired[0], who + ": " + result);
        if (who.equals("head")) {
            assertTrue(Long.parseLong(acquired[1]) >= 1, "the head learnt of the holder's death from the kernel: " + result);
        }
        String[] released = lines.get(1).split(" ");
        assertEquals("RELEASED", released[0], who + ": " + result);
        return released.length > 1 ? List.of(released[1].split(",")) : List.of();
    }

    private static boolean waitsForReadLock(long pid) {
        String p = Long.toString(pid);
        return Processes.readQuietly(Path.of("/proc/locks"))
                .map(locks -> locks.lines().anyMatch(l -> l.contains("->") && l.contains(" READ ")
                        && List.of(l.trim().split("\\s+")).contains(p)))
                .orElse(false);
    }
}
