package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Linux failure detector against a fake /proc: DEAD only when certain. */
class ProcLivenessProbeTest {
    private static final String BOOT = "0123456789abcdef0123456789abcdef";
    private static final String NS = "4026531836";
    private static final ProcessIdentity SELF = new ProcessIdentity("host-a", BOOT, NS, 100, "k500");

    @TempDir Path dir;
    FakeProc proc;

    @BeforeEach
    void setUp() {
        proc = new FakeProc(dir.resolve("proc")).mounted("rw,nosuid,nodev,noexec,relatime");
    }

    private Liveness probe(ProcessIdentity owner) {
        return new ProcLivenessProbe(SELF, proc.root).probe(owner);
    }

    private static ProcessIdentity owner(long pid, String start) {
        return new ProcessIdentity("host-a", BOOT, NS, pid, start);
    }

    @Test
    void runningProcessWithTheSameStartTimeIsAlive() {
        proc.process(200, "worker", 'S', 777);

        assertEquals(Liveness.ALIVE, probe(owner(200, "k777")));
    }

    @Test
    void missingPidIsDead() {
        assertEquals(Liveness.DEAD, probe(owner(200, "k777")));
    }

    @Test
    void zombieIsDead() {
        proc.process(200, "worker", 'Z', 777);

        assertEquals(Liveness.DEAD, probe(owner(200, "k777")));
    }

    @Test
    void pidReusedByAProcessStartedAtAnotherTimeIsDead() {
        proc.process(200, "someone else", 'R', 778);

        assertEquals(Liveness.DEAD, probe(owner(200, "k777")));
    }

    @Test
    void thisProcessIsAliveWithoutLookingAtProc() {
        assertEquals(Liveness.ALIVE, probe(SELF));
    }

    @Test
    void thisPidWithAnotherStartTimeIsDead() {
        proc.process(100, "java", 'S', 500);

        assertEquals(Liveness.DEAD, probe(owner(100, "k499")));
    }

    @Test
    void ownerOnAnotherHostIsUnknown() {
        assertEquals(Liveness.UNKNOWN, probe(new ProcessIdentity("host-b", BOOT, NS, 200, "k777")));
    }

    @Test
    void ownerInAnotherPidNamespaceIsUnknown() {
        proc.process(200, "worker", 'S', 1);

        assertEquals(Liveness.UNKNOWN, probe(new ProcessIdentity("host-a", BOOT, "4026532000", 200, "k777")));
    }

    @Test
    void ownerOfAnotherBootOfThisHostIsDead() {
        proc.process(200, "worker", 'S', 777); // a process with the same pid and start now proves nothing

        assertEquals(Liveness.DEAD, probe(new ProcessIdentity("host-a", "fedcba9876543210fedcba9876543210", NS, 200, "k777")));
    }

    @Test
    void unknownBootIdOrNamespaceIsUnknown() {
        assertEquals(Liveness.UNKNOWN, probe(new ProcessIdentity("host-a", "-", NS, 200, "k777")));
        assertEquals(Liveness.UNKNOWN, probe(new ProcessIdentity("host-a", BOOT, "-", 200, "k777")));
        ProcessIdentity selfWithoutBoot = new ProcessIdentity("host-a", "-", NS, 100, "k500");
        assertEquals(Liveness.UNKNOWN, new ProcLivenessProbe(selfWithoutBoot, proc.root).probe(owner(200, "k777")));
    }

    @Test
    void startTimeWrittenWithoutProcIsUnknown() {
        assertEquals(Liveness.UNKNOWN, probe(owner(200, "m1700000000000")));
    }

    @Test
    void unreadableStatIsUnknown() {
        proc.rawStat(200, "garbage");

        assertEquals(Liveness.UNKNOWN, probe(owner(200, "k777")));
    }

    @ParameterizedTest(name = "hidepid={0}")
    @ValueSource(strings = {"1", "2", "4", "noaccess", "invisible", "ptraceable"})
    void withHiddenPidsAMissingPidIsUnknown(String hidepid) {
        proc.mounted("rw,nosuid,nodev,noexec,relatime,hidepid=" + hidepid);

        assertEquals(Liveness.UNKNOWN, probe(owner(200, "k777")));
    }

    @ParameterizedTest(name = "hidepid={0}")
    @ValueSource(strings = {"0", "off"})
    void withVisiblePidsAMissingPidIsDead(String hidepid) {
        proc.mounted("rw,relatime,hidepid=" + hidepid);

        assertEquals(Liveness.DEAD, probe(owner(200, "k777")));
    }

    @Test
    void withHiddenPidsAVisibleProcessIsStillJudged() {
        proc.mounted("rw,hidepid=invisible").process(200, "worker", 'Z', 777).process(201, "w", 'S', 5);

        assertEquals(Liveness.DEAD, probe(owner(200, "k777")));
        assertEquals(Liveness.ALIVE, probe(owner(201, "k5")));
    }

    @Test
    void unreadableMountTableCountsAsHiddenPids() {
        FakeProc bare = new FakeProc(dir.resolve("bare"));
        bare.process(1, "init", 'S', 1);

        assertEquals(Liveness.UNKNOWN, new ProcLivenessProbe(SELF, bare.root).probe(owner(200, "k777")));
    }
}
