package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import dev.fslock.LockStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signals to {@code fslock run}: SIGTERM, SIGINT and SIGHUP go to the command, fslock exits with
 * 128+N once it has exited and releases the lock; a signal while waiting abandons the wait and
 * leaves nothing behind; SIGKILL of fslock leaves the command holding the lock until it exits.
 */
class RunSignalsTest {
    @TempDir Path dir;
    @TempDir Path output;
    Path lock;
    Processes.Started fslock;
    long commandPid;

    @AfterEach
    void cleanUp() {
        if (fslock != null) {
            fslock.process().destroyForcibly();
        }
        if (commandPid != 0) {
            ProcessHandle.of(commandPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest(name = "SIG{0} -> exit {1}")
    @CsvSource({"TERM, 143", "INT, 130", "HUP, 129"})
    void signalGoesToTheCommandAndTheLockIsReleasedAfterIt(String signal, int expected) throws Exception {
        lock = dir.resolve("x.lock");
        fslock = Processes.start(output, withDefaultSignals(Processes.fslock("run", lock.toString(), "--", "sleep", "30")));
        commandPid = awaitCommand("sleep");
        Processes.signal(fslock.pid(), signal);
        Processes.Result r = fslock.await();
        assertEquals(expected, r.status(), r::toString);
        assertFalse(Processes.isAlive(commandPid), "the command still runs");
        assertFalse(Files.exists(lock), "the lock directory is still there: " + Processes.list(lock));
        assertEquals(List.of("x.lock.fence"), Processes.list(dir));
    }

    /**
     * A signal ignored when a program starts stays ignored, by POSIX and in the JVM: under nohup, or as
     * a background job of a script, SIGHUP and SIGINT are ignored and fslock rightly leaves them so. The
     * test runs fslock with default dispositions, whatever the test itself was started under.
     */
    private static List<String> withDefaultSignals(List<String> argv) {
        List<String> withEnv = new java.util.ArrayList<>(List.of("env", "--default-signal=HUP,INT,TERM"));
        withEnv.addAll(argv);
        return withEnv;
    }

    @Test
    void signalWhileWaitingAbandonsTheWaitAndLeavesNothingBehind() throws Exception {
        lock = dir.resolve("x.lock");
        FsLock library = FsLock.open(lock);
        Path marker = output.resolve("ran");
        try (LockHandle held = library.acquire(Duration.ofSeconds(10))) {
            fslock = Processes.start(output, Processes.fslock("run", lock.toString(), "--", "touch", marker.toString()));
            // It waits once its temp directory (named after its pid) lies beside the lock.
            Processes.await("fslock waits for the lock", () -> leftoverOf(library, fslock.pid()));
            fslock.process().destroy(); // SIGTERM
            Processes.Result r = fslock.await();
            assertEquals(143, r.status(), r::toString);
            assertFalse(leftoverOf(library, fslock.pid()), "its temp directory is left behind");
            assertEquals(List.of(held.entryName()), Processes.list(lock));
        }
        assertFalse(Files.exists(marker), "the command ran");
    }

    @Test
    void commandKeepsTheLockWhenFslockIsKilled() throws Exception {
        lock = dir.resolve("x.lock");
        Path release = output.resolve("release");
        Path finished = output.resolve("finished");
        fslock = Processes.start(output, Processes.fslock("run", lock.toString(), "--", "sh", "-c",
                "while [ ! -e " + release + " ]; do sleep 0.01; done; echo done > " + finished));
        commandPid = awaitCommand("sh");
        long fslockPid = fslock.pid();
        fslock.process().destroyForcibly(); // SIGKILL: no handler runs
        fslock.process().waitFor();

        // Another fslock finds the lock held: it breaks the dead fslock's entry, not the command's.
        Path intruder = output.resolve("intruder");
        Processes.Result r = Processes.run(output, Processes.fslock("run", "--timeout", "0.5", lock.toString(), "--",
                "touch", intruder.toString()));
        assertEquals(75, r.status(), r::toString);
        assertTrue(r.err().contains("pid " + commandPid), r::toString);
        assertFalse(Files.exists(intruder), "two holders at once");
        List<String> entries = Processes.list(lock);
        assertEquals(1, entries.size(), entries::toString);
        assertEquals(commandPid, Processes.pidOf(entries.get(0)), "the command's entry must remain");
        assertTrue(entries.stream().noneMatch(e -> Processes.pidOf(e) == fslockPid), "the dead fslock's entry remains");

        // Once the command ends, the lock is free again (its entry is broken: its process is dead).
        Files.createFile(release);
        Processes.await("the command finishes", () -> !Processes.isAlive(commandPid));
        assertEquals("done\n", Files.readString(finished));
        r = Processes.run(output, Processes.fslock("run", "--timeout", "30", lock.toString(), "--", "touch",
                intruder.toString()));
        assertEquals(0, r.status(), r::toString);
        assertTrue(Files.exists(intruder));
        commandPid = 0;
    }

    /**
     * Waits until the lock holds the co-owner entry of fslock's command, and the command runs (the
     * wrapper has exec'd {@code name}). @return its pid
     */
    private long awaitCommand(String name) throws Exception {
        long[] pid = {0};
        Processes.await("the command runs under the lock", () -> {
            try {
                for (String entry : Processes.list(lock)) {
                    long p = Processes.pidOf(entry);
                    String cmdline = Processes.readQuietly(Path.of("/proc/" + p + "/cmdline")).orElse("");
                    if (p != fslock.pid() && cmdline.startsWith(name + "\0") && !cmdline.contains("fslock-wrapper")) {
                        pid[0] = p;
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false; // the lock directory changes under us: look again
            }
        });
        return pid[0];
    }

    private static boolean leftoverOf(FsLock lock, long pid) {
        try {
            return lock.status().leftovers().stream().map(LockStatus.Leftover::process).anyMatch(p -> p.pid() == pid);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
