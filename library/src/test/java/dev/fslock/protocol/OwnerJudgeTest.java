package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.NioFileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec ProbeAnswers: DEAD needs the detector's DEAD and no kernel lock on any of the owner's entry
 * files (the veto); every other verdict is the detector's. The entries here are real files; a
 * held one is an entry this JVM keeps open, which is what any holder does.
 */
class OwnerJudgeTest {
    private static final String BOOT = "0123456789abcdef0123456789abcdef";
    private final OwnerId owner = new OwnerId(new ProcessIdentity("h", BOOT, "-", 4242, "k1000"),
            "0123456789abcdef0123456789abcdef");

    @TempDir
    Path dir;

    @Test
    void aHeldEntryVetoesADeadVerdictWhereverItIsInTheList() throws IOException {
        Path held = dir.resolve("held");
        try (EntryFile entry = NioFileOps.instance().createEntry(held)) {
            assertTrue(entry.lock());
            OwnerJudge judge = new OwnerJudge(p -> Liveness.DEAD, NioFileOps.instance());
            assertEquals(Liveness.ALIVE, judge.judge(Optional.of(owner), List.of(dir.resolve("absent"), held)));
            assertEquals(Liveness.ALIVE, judge.judge(Optional.of(owner), List.of(held)), "warned once, judged always");
        }
    }

    @Test
    void withoutAHeldEntryTheDetectorsVerdictStands() throws IOException {
        Path free = dir.resolve("free");
        NioFileOps.instance().createEntry(free).close();
        List<Path> files = List.of(dir.resolve("absent"), free);
        assertEquals(Liveness.DEAD, new OwnerJudge(p -> Liveness.DEAD, NioFileOps.instance())
                .judge(Optional.of(owner), files));
        assertEquals(Liveness.UNKNOWN, new OwnerJudge(p -> Liveness.UNKNOWN, NioFileOps.instance())
                .judge(Optional.of(owner), files));
        assertEquals(Liveness.ALIVE, new OwnerJudge(p -> Liveness.ALIVE, NioFileOps.instance())
                .judge(Optional.of(owner), files));
    }

    @Test
    void anEntryThatDoesNotParseIsUnknownWhateverTheDetectorSays() {
        assertEquals(Liveness.UNKNOWN, new OwnerJudge(p -> Liveness.DEAD, NioFileOps.instance())
                .judge(Optional.empty(), List.of()));
    }

    @Test
    void theBreakRecordSaysWhyTheOwnerWasDead() {
        ProcessIdentity self = new ProcessIdentity("h", "fedcba9876543210fedcba9876543210", "-", 7, "k5");
        assertTrue(BreakLog.evidence(Optional.of(owner), Liveness.DEAD, self)
                .startsWith("it ran in an earlier boot of this host (boot id " + BOOT), "another boot");
        ProcessIdentity sameBoot = new ProcessIdentity("h", BOOT, "-", 7, "k5");
        assertTrue(BreakLog.evidence(Optional.of(owner), Liveness.DEAD, sameBoot)
                .startsWith("no process with pid 4242 and start time k1000 runs in boot " + BOOT));
        ProcessIdentity elsewhere = new ProcessIdentity("other", "fedcba9876543210fedcba9876543210", "-", 7, "k5");
        assertTrue(BreakLog.evidence(Optional.of(owner), Liveness.DEAD, elsewhere).startsWith("no process with pid"),
                "another host's boot id says nothing about ours");
        assertTrue(BreakLog.evidence(Optional.of(owner), Liveness.DEAD, null).startsWith("no process with pid"));
        assertTrue(BreakLog.evidence(Optional.of(owner), Liveness.UNKNOWN, self).contains("--force"));
        assertTrue(BreakLog.evidence(Optional.empty(), Liveness.DEAD, self).contains("--force"));
    }
}
