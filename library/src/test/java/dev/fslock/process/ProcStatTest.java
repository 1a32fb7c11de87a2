package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing /proc/PID/stat, on lines the kernel wrote (fixtures/record.sh): the command name may hold anything, even ") Z 99 ". */
class ProcStatTest {

    static Stream<Integer> recordedCommandNames() {
        return IntStream.rangeClosed(1, 7).boxed();
    }

    @ParameterizedTest(name = "recorded comm #{0}")
    @MethodSource("recordedCommandNames")
    void commandNameWithSpacesAndParenthesesDoesNotShiftTheFields(int n) throws IOException {
        Path comm = FakeProc.fixtures().resolve("comm");
        Properties names = new Properties();
        try (InputStream in = Files.newInputStream(comm.resolve("fixture.properties"))) {
            names.load(in);
        }
        String line = Files.readString(comm.resolve(n + ".stat"));
        assertTrue(line.contains("(" + names.getProperty("comm." + n).replace("\\t", "\t") + ")"), line);

        ProcStat stat = ProcStat.parse(line).orElseThrow();
        assertEquals('R', stat.state(), line); // it was reading its own stat
        assertEquals(1, stat.threads());
        assertTrue(stat.startTicks() > 0);
        assertFalse(stat.exited());
    }

    @Test
    void recordedZombiesAndLiveProcesses() throws IOException {
        FakeProc plain = FakeProc.fixture("plain", Files.createTempDirectory("procstat"));
        ProcStat zombie = ProcStat.parse(plain.read(plain.pid("zombie") + "/stat")).orElseThrow();
        ProcStat leader = ProcStat.parse(plain.read(plain.pid("zombie-leader") + "/stat")).orElseThrow();
        ProcStat running = ProcStat.parse(plain.read(plain.pid("running") + "/stat")).orElseThrow();
        assertEquals(new ProcStat('Z', 1, Long.parseLong(plain.fact("zombie.start.initial"))), zombie);
        assertTrue(zombie.exited());
        assertEquals('Z', leader.state());
        assertEquals(2, leader.threads());
        assertFalse(leader.exited(), "its second thread runs");
        assertFalse(leader.undetermined());
        assertFalse(running.exited());
    }

    @ParameterizedTest(name = "state {0}")
    @ValueSource(chars = {'R', 'S', 'D', 'T', 't', 'I', 'P', 'W', 'K'})
    void otherStatesAreAlive(char state) {
        assertFalse(new ProcStat(state, 1, 5).exited());
        assertFalse(new ProcStat(state, 1, 5).undetermined());
    }

    @ParameterizedTest(name = "state {0}")
    @ValueSource(chars = {'Z', 'X', 'x'})
    void anEndedLeaderIsExitedOnlyAsTheLastThread(char state) {
        assertTrue(new ProcStat(state, 1, 5).exited());
        assertFalse(new ProcStat(state, 3, 5).exited());
        assertTrue(new ProcStat(state, 0, 5).undetermined());
    }

    static Stream<String> malformed() {
        return Stream.of("", "garbage", "1 (x) S 1 2 3", "1 (x) SS " + "1 ".repeat(30), "1 (x) S " + "y ".repeat(30),
                "1 x S " + "1 ".repeat(60));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("malformed")
    void malformedContentIsEmpty(String content) {
        assertEquals(Optional.empty(), ProcStat.parse(content));
    }

    @Test
    void parsesThisProcessesRealStat() throws Exception {
        Path self = Path.of("/proc/self/stat");
        assumeTrue(Files.isReadable(self), "needs Linux /proc");

        ProcStat stat = ProcStat.parse(Files.readString(self)).orElseThrow();

        assertFalse(stat.exited());
        assertTrue(stat.threads() > 1, "a JVM has many threads");
        assertTrue(stat.startTicks() > 0);
        assertEquals(ProcessIdentity.current().startTime(),
                "k" + LocalProcess.offset().normalize(stat.startTicks()).orElseThrow());
    }
}
