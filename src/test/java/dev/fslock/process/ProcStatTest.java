package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Parsing /proc/PID/stat: the command name may hold anything, even ") Z 1 2". */
class ProcStatTest {

    @ParameterizedTest(name = "comm \"{0}\"")
    @ValueSource(strings = {"java", "Web Content", "(sd-pam)", "a) R 1 2 (b", ") Z 99 ", "x)", "tab\there", ""})
    void commandNameWithSpacesAndParenthesesDoesNotShiftTheFields(String comm) {
        Optional<ProcStat> stat = ProcStat.parse(FakeProc.stat(1234, comm, 'S', 987654321L));

        assertEquals(Optional.of(new ProcStat('S', 987654321L)), stat);
        assertFalse(stat.get().exited());
        assertEquals("k987654321", stat.get().startTime());
    }

    @ParameterizedTest(name = "state {0}")
    @ValueSource(chars = {'Z', 'X', 'x'})
    void zombieAndDeadStatesHaveExited(char state) {
        assertTrue(ProcStat.parse(FakeProc.stat(1, "init", state, 5)).orElseThrow().exited());
    }

    @ParameterizedTest(name = "state {0}")
    @ValueSource(chars = {'R', 'S', 'D', 'T', 't', 'I', 'P'})
    void otherStatesAreRunning(char state) {
        assertFalse(ProcStat.parse(FakeProc.stat(1, "init", state, 5)).orElseThrow().exited());
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
        assertTrue(stat.startTicks() > 0);
        assertEquals(ProcessIdentity.current().startTime(), stat.startTime());
    }
}
