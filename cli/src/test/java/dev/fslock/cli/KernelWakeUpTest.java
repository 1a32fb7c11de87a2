package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Issue 9/11: a waiter learns of a holder's death from the kernel, not from its timer. The waiter
 * ({@link KernelWakeWorker}, another JVM) blocks on a shared lock of the holder's entry (seen in
 * /proc/locks); its timer is off until the kernel wakes it, so when the holder is SIGKILLed only
 * the entry lock can end its wait before the deadline: it then breaks the dead holder's entry
 * and acquires. On code without the wake-up the waiter never blocks in the kernel (and would
 * sleep past the deadline).
 */
class KernelWakeUpTest {
    @TempDir Path dir;
    @TempDir Path output;

    @Test
    void aWaiterBlockedOnTheHoldersEntryWakesWhenTheHolderIsKilledAndTakesTheLock() throws Exception {
        Path lockPath = dir.resolve("x.lock");
        Process holder = new ProcessBuilder(Processes.java(HoldingWorker.class, lockPath.toString()))
                .redirectError(output.resolve("holder.err").toFile()).start();
        Processes.Started waiter = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String held = out.readLine();
            assertTrue(held != null && held.startsWith("HELD "), "holder: " + held + Processes.read(output.resolve("holder.err")));

            waiter = Processes.start(output, Processes.java(KernelWakeWorker.class, lockPath.toString()));
            String waiterPid = Long.toString(waiter.pid());
            Processes.await("the waiter waits in the kernel for a shared lock (/proc/locks)", () -> Processes
                    .readQuietly(Path.of("/proc/locks"))
                    .map(locks -> locks.lines().anyMatch(l -> l.contains("->") && l.contains(" READ ")
                            && List.of(l.trim().split("\\s+")).contains(waiterPid)))
                    .orElse(false));

            Processes.signal(holder.pid(), "KILL");
            Processes.Result result = waiter.await();
            assertEquals(0, result.status(), result.toString());
            String[] words = result.out().trim().split(" ");
            assertEquals("ACQUIRED", words[0], result.toString());
            assertTrue(Long.parseLong(words[1]) >= 1, "no wake-up came from the entry lock: " + result);
            assertEquals(List.of(), Processes.list(lockPath), "the waiter released; the dead holder's entry was broken");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(60, TimeUnit.SECONDS);
            if (waiter != null) {
                waiter.process().destroyForcibly();
            }
        }
    }
}
