package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.process.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper script alone (spec ChildStat, ChildProbeParent): it runs the command only once its
 * entry exists, gives up (75, command not run) once its parent is dead, and passes the command's
 * input, output and status through. The test JVM plays fslock, the parent.
 */
class WrapperScriptTest {
    @TempDir Path dir;
    Path lock;
    String head;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "the Linux wrapper reads /proc");
        lock = Files.createDirectory(dir.resolve("x.lock"));
        head = "o1_host_0123456789abcdef0123456789abcdef_4026531836_";
    }

    /** The wrapper for {@code command}, with {@code parentPid}/{@code parentStart} as its fslock. */
    private ProcessBuilder wrapper(long parentPid, String parentStart, String... command) {
        ProcessBuilder b = new ProcessBuilder(CoOwnedCommand.wrapperCommand(List.of(command)));
        Map<String, String> env = b.environment();
        env.put("FSLOCK_W_ENTRY", lock.resolve(head).toString());
        env.put("FSLOCK_W_PARENT", Long.toString(parentPid));
        env.put("FSLOCK_W_PARENT_START", parentStart);
        return b;
    }

    /** What fslock does after Spawn: AddCoOwner, an entry named after the child's pid and start time. */
    private Path addCoOwner(Process child) throws IOException {
        String start = ProcessIdentity.ofLocalProcess(child.pid()).orElseThrow().startTime();
        return Files.createFile(lock.resolve(head + child.pid() + "_" + start + "_n0nce"));
    }

    @Test
    void runsTheCommandOnceItsEntryExistsWithInputOutputAndStatusUntouched() throws Exception {
        ProcessIdentity self = ProcessIdentity.current();
        Path in = Files.writeString(dir.resolve("in"), "hello\n");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process child = wrapper(self.pid(), self.startTime(), "sh", "-c",
                "read line; echo \"got $line, pid $$, env ${FSLOCK_W_PARENT:-clean}\"; echo to-stderr >&2; exit 7")
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Processes.await("the wrapper polls for its entry", () -> child.isAlive());
        addCoOwner(child);
        assertEquals(7, child.waitFor());
        // exec: the command has the wrapper's pid (which the entry names); the wrapper's variables are gone.
        assertEquals("got hello, pid " + child.pid() + ", env clean\n", Files.readString(out));
        assertEquals("to-stderr\n", Files.readString(err));
    }

    @Test
    void givesUpWithoutRunningTheCommandWhenItsParentIsDead() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        String deadStart = ProcessIdentity.ofLocalProcess(dead.pid()).map(ProcessIdentity::startTime).orElse("k1");
        dead.waitFor();
        Path marker = dir.resolve("ran");
        Process child = wrapper(dead.pid(), deadStart, "touch", marker.toString())
                .redirectError(dir.resolve("err").toFile()).start();
        assertEquals(75, child.waitFor());
        assertFalse(Files.exists(marker));
        assertTrue(Files.readString(dir.resolve("err")).contains("the command was not run"));
    }

    @Test
    void takesAReusedParentPidForADeadParent() throws Exception {
        ProcessIdentity self = ProcessIdentity.current(); // alive, but not the process that started it
        Path marker = dir.resolve("ran");
        Process child = wrapper(self.pid(), "k1", "touch", marker.toString())
                .redirectError(dir.resolve("err").toFile()).start();
        assertEquals(75, child.waitFor());
        assertFalse(Files.exists(marker));
    }

    @Test
    void takesAParentWhoseMainThreadExitedForAliveUntilTheProcessEnds() throws Exception {
        // The parent stand-in: a process whose main thread called pthread_exit while another thread
        // runs (state Z, 2 threads), built from the process tests' helper.
        Path source = Path.of("src/test/resources/dev/fslock/process/proc-helper.c");
        Path helper = dir.resolve("proc-helper");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-pthread", "-o", helper.toString(), source.toString()).inheritIO().start();
        } catch (IOException e) {
            gcc = null;
        }
        assumeTrue(gcc != null && gcc.waitFor() == 0, "needs gcc to build " + source);
        Process parent = new ProcessBuilder(helper.toString(), "zombie-leader", dir.toString()).start();
        Processes.await("the stand-in runs", () -> Files.exists(dir.resolve("ready")));
        Processes.await("its main thread has exited", () -> Processes.readQuietly(Path.of("/proc/" + parent.pid() + "/stat"))
                .map(s -> s.contains(") Z ")).orElse(false));
        String parentStart = ProcessIdentity.ofLocalProcess(parent.pid()).orElseThrow().startTime();
        Path marker = dir.resolve("ran");
        Process child = wrapper(parent.pid(), parentStart, "touch", marker.toString())
                .redirectError(dir.resolve("err").toFile()).start();
        try {
            // It keeps polling: its parent lives. (A bound, not a timing assertion: a slow machine
            // can only make this pass without looking.) Then the parent really exits.
            assertFalse(child.waitFor(300, TimeUnit.MILLISECONDS), "took a live parent for dead: "
                    + Files.readString(dir.resolve("err")));
            Files.createFile(dir.resolve("release"));
            assertEquals(75, child.waitFor());
            assertFalse(Files.exists(marker));
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }

    @Test
    void ignoresEntriesOfOtherProcesses() throws Exception {
        ProcessIdentity self = ProcessIdentity.current();
        Path marker = dir.resolve("ran");
        Files.createFile(lock.resolve(head + "1_k1_other"));
        Process child = wrapper(self.pid(), self.startTime(), "touch", marker.toString()).start();
        // It keeps polling: the entry of pid 1 is not its own. (A bound, not a timing assertion:
        // a slow machine can only make this pass without looking.) Then its own entry appears.
        try {
            assertFalse(child.waitFor(200, TimeUnit.MILLISECONDS), "must wait for its own entry");
            assertFalse(Files.exists(marker));
            addCoOwner(child);
            assertEquals(0, child.waitFor());
            assertTrue(Files.exists(marker));
        } finally {
            child.destroyForcibly();
        }
    }
}
