package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Linux failure detector against procfs files recorded from real environments (FakeProc,
 * fixtures/record.sh): DEAD only when certain. docs/probe-soundness.md points here.
 */
class ProcLivenessProbeTest {
    private static final long NO_SUCH_PID = 4_000_000; // above every recorded pid, below pid_max

    @TempDir Path dir;

    private static ProcessIdentity owner(FakeProc proc, long pid, String start) {
        ProcessIdentity self = proc.self();
        return new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), pid, start);
    }

    private static ProcessIdentity owner(FakeProc proc, String name) {
        return owner(proc, proc.pid(name), proc.start(name));
    }

    private static String ticks(String start, long delta) {
        return "k" + (Long.parseLong(start.substring(1)) + delta);
    }

    // --- the plain case: initial namespaces, /proc as usual ---------------------------------------

    @Test
    void runningProcessWithTheSameStartTimeIsAlive() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, "running")));
    }

    @Test
    void missingPidIsDead() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void trueZombieIsDeadButAZombieLeaderWithLiveThreadsIsAlive() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        // What the recorded files say: both leaders are Z; the leader's second thread runs.
        assertEquals('Z', ProcStat.parse(proc.read(proc.pid("zombie") + "/stat")).orElseThrow().state());
        assertEquals('Z', ProcStat.parse(proc.read(proc.pid("zombie-leader") + "/stat")).orElseThrow().state());
        long leader = proc.pid("zombie-leader");
        List<String> threads = proc.list(leader + "/task");
        assertEquals(2, threads.size(), threads::toString);
        String second = threads.stream().filter(t -> !t.equals(Long.toString(leader))).findFirst().orElseThrow();
        char state = ProcStat.parse(proc.read(leader + "/task/" + second + "/stat")).orElseThrow().state();
        assertTrue(state == 'R' || state == 'S', "the second thread lives: " + state);

        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, "zombie")));
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, "zombie-leader")));
    }

    @Test
    void aLeaderReleasedWhileWeReadItIsUnknown() {
        // The kernel prints 0 threads when the ended leader was released during the read (exited,
        // or an exec'ing thread took its pid): a recorded zombie with that one field set to 0.
        FakeProc proc = FakeProc.fixture("plain", dir);
        long pid = proc.pid("zombie");
        String[] f = proc.read(pid + "/stat").split(" ");
        f[19] = "0"; // field 20, num_threads (the command name of this fixture has no space)
        proc.write(pid + "/stat", String.join(" ", f));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, "zombie")));
    }

    @Test
    void pidReusedByAProcessStartedLaterIsDead() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, proc.pid("running"), ticks(proc.start("running"), -2))));
    }

    @Test
    void aStartTimeOneTickAwayIsTheSameProcess() {
        // A writer or reader in a time namespace whose offset is not a whole number of ticks may
        // see one tick more (BootTimeOffset): never DEAD for that.
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, proc.pid("running"), ticks(proc.start("running"), -1))));
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, proc.pid("running"), ticks(proc.start("running"), 1))));
    }

    @Test
    void thisProcessIsAliveWithoutLookingAtProc() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        ProcLivenessProbe probe = proc.probe();
        ProcessIdentity self = proc.self();
        proc.delete("self/stat");
        proc.delete("self/status");
        assertEquals(Liveness.ALIVE, probe.probe(self));
    }

    @Test
    void ownerOnAnotherHostOrPidNamespaceIsUnknown() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        ProcessIdentity self = proc.self();
        ProcessIdentity running = owner(proc, "running");
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(new ProcessIdentity("host-b", self.bootId(),
                self.pidNamespace(), NO_SUCH_PID, "k777")));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(new ProcessIdentity(self.host(), self.bootId(),
                "4026599999", NO_SUCH_PID, "k777")));
        assertEquals(Liveness.ALIVE, proc.probe().probe(running));
    }

    @Test
    void unknownBootIdNamespaceOrStartFormatIsUnknown() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        ProcessIdentity self = proc.self();
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(new ProcessIdentity(self.host(), "-", self.pidNamespace(),
                NO_SUCH_PID, "k777")));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(new ProcessIdentity(self.host(), self.bootId(), "-",
                NO_SUCH_PID, "k777")));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "m1700000000000")));
    }

    @Test
    void unparsableStatIsUnknown() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        proc.write(proc.pid("running") + "/stat", "garbage");
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, "running")));
    }

    // --- another boot id: DEAD only on a filesystem that one running kernel can mount ---------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs"})
    void anotherBootOnASingleKernelFileSystemIsDead(String type) {
        FakeProc proc = FakeProc.fixture("plain", dir);
        ProcessIdentity earlier = otherBoot(proc);
        assertEquals(Liveness.DEAD, proc.probe().forLocksOn(type).probe(earlier));
    }

    @ParameterizedTest(name = "type \"{0}\"")
    @ValueSource(strings = {"virtiofs", "9p", "vboxsf", "nfs", "fuse.sshfs", "fuse.bindfs", "fuse", "ocfs2", "gfs2",
        "unknown", ""})
    void anotherBootOnAFileSystemThatMayBeSharedIsUnknown(String type) {
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.UNKNOWN, proc.probe().forLocksOn(type).probe(otherBoot(proc)));
    }

    @Test
    void anotherBootWithoutKnowingTheFileSystemIsUnknown() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(otherBoot(proc)));
    }

    /** Same host, pid and start time as a live process, another boot id: that process proves nothing. */
    private static ProcessIdentity otherBoot(FakeProc proc) {
        ProcessIdentity running = owner(proc, "running");
        String other = running.bootId().replace('0', 'x').replace('1', '0').replace('x', '1');
        String boot = other.equals(running.bootId()) ? "fedcba9876543210fedcba9876543210" : other;
        return new ProcessIdentity(running.host(), boot, running.pidNamespace(), running.pid(), running.startTime());
    }

    // --- hidden pids ---------------------------------------------------------------------------------

    @Test
    void withHidepidMountedOverProcAMissingPidIsUnknown() {
        // Recorded as user 65534 under a procfs with hidepid=invisible stacked on /proc: the first
        // /proc line has no hidepid, the effective (last) one has; root's process is invisible.
        FakeProc proc = FakeProc.fixture("hidepid-stacked", dir);
        FakeProc plain = FakeProc.fixture("plain", dir.resolve("p"));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, plain.pid("running"), plain.start("running"))));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void withHiddenPidsAVisibleProcessIsStillJudged() {
        FakeProc proc = FakeProc.fixture("hidepid-stacked", dir);
        FakeProc plain = FakeProc.fixture("plain", dir.resolve("p"));
        // as if the reader could see these (its own processes): copied from the plain recording
        proc.copyProcess(plain, plain.pid("zombie")).copyProcess(plain, plain.pid("running"));
        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, plain.pid("zombie"), plain.start("zombie"))));
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, plain.pid("running"), plain.start("running"))));
    }

    @ParameterizedTest(name = "hidepid={0}")
    @ValueSource(strings = {"1", "2", "4", "noaccess", "invisible", "ptraceable"})
    void anyHidepidMakesAMissingPidUnknown(String hidepid) {
        FakeProc proc = FakeProc.fixture("hidepid-stacked", dir);
        proc.write("self/mountinfo", proc.read("self/mountinfo").replace("hidepid=invisible", "hidepid=" + hidepid));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @ParameterizedTest(name = "hidepid={0}")
    @ValueSource(strings = {"0", "off"})
    void hidepidOffOnTopMakesAMissingPidDead(String hidepid) {
        FakeProc proc = FakeProc.fixture("hidepid-stacked", dir);
        proc.write("self/mountinfo", proc.read("self/mountinfo").replace("hidepid=invisible", "hidepid=" + hidepid));
        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void subsetPidHidesNoPidButNoBootIdMeansUnknown() {
        FakeProc proc = FakeProc.fixture("subset-pid", dir);
        assertTrue(proc.procFs().showsAllPids());
        assertEquals(ProcessIdentity.UNKNOWN_FIELD, proc.self().bootId(), "subset=pid has no /proc/sys");
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void noProcMountAtOurPathCountsAsHiddenPids() {
        // A chroot whose /proc is not a procfs mount (or a bind of something else): the mount
        // table has no procfs at the path we read.
        FakeProc proc = FakeProc.fixture("plain", dir);
        ProcFs elsewhere = new ProcFs(proc.root, "/srv/chroot/proc", false);
        assertFalse(elsewhere.showsAllPids());
        ProcLivenessProbe probe = new ProcLivenessProbe(proc.self(), elsewhere, BootTimeOffset.read(elsewhere), false);
        assertEquals(Liveness.UNKNOWN, probe.probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void unreadableMountTableCountsAsHiddenPids() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        proc.delete("self/mountinfo");
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void theProcfsOnTopIsFoundByParentIdsNotByOrder() {
        FakeProc proc = FakeProc.fixture("hidepid-stacked", dir);
        List<String> lines = new java.util.ArrayList<>(List.of(proc.read("self/mountinfo").split("\n")));
        java.util.Collections.reverse(lines); // the same table, the stacked mount first
        String reversed = String.join("\n", lines) + "\n";
        Optional<ProcFs.Mount> top = ProcFs.topMount(reversed, "/proc");
        assertTrue(top.orElseThrow().superOptions().contains("hidepid=invisible"), top::toString);
    }

    // --- a procfs of another PID namespace -------------------------------------------------------

    @Test
    void inAProcfsOfAnotherPidNamespacePidLookupsAreUnknown() {
        // Recorded in unshare --pid --fork without --mount-proc: the reader is pid 1 of its
        // namespace, /proc is the host's; /proc/2 there is kthreadd, not the namespace's pid 2.
        FakeProc proc = FakeProc.fixture("foreign-pidns", dir);
        assertEquals(1, proc.self().pid());
        assertFalse(proc.procFs().isOwnPidNamespace(1));
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, 2, "k5000")), "kthreadd's start time proves nothing");
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, NO_SUCH_PID, "k777")));
    }

    @Test
    void inAProcfsOfAnotherPidNamespaceNoProcessCanBeNamed() {
        FakeProc proc = FakeProc.fixture("foreign-pidns", dir);
        IOException e = assertThrows(IOException.class,
                () -> LocalProcess.other(proc.procFs(), proc.self(), BootTimeOffset.read(proc.procFs()), 2));
        assertTrue(e.getMessage().contains("mount a procfs for this PID namespace (unshare --mount-proc"), e::getMessage);
    }

    @Test
    void inOurOwnProcfsAProcessIsNamedWithItsInitialNamespaceStartTime() throws IOException {
        FakeProc proc = FakeProc.fixture("timens-1000", dir);
        Optional<ProcessIdentity> running = LocalProcess.other(proc.procFs(), proc.self(),
                BootTimeOffset.read(proc.procFs()), proc.pid("running"));
        assertEquals(proc.start("running"), running.orElseThrow().startTime());
    }

    // --- time namespaces -----------------------------------------------------------------------------

    @Test
    void inATimeNamespaceStartTimesAreComparedInTheInitialOne() {
        // Recorded inside unshare -T --boottime 1000: every start time read there is 100000 ticks more.
        FakeProc proc = FakeProc.fixture("timens-1000", dir);
        long inside = ProcStat.parse(proc.read(proc.pid("running") + "/stat")).orElseThrow().startTicks();
        assertEquals(proc.start("running"), "k" + (inside - 100_000));

        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, "running")));
        assertEquals(Liveness.DEAD, proc.probe().probe(owner(proc, proc.pid("running"), ticks(proc.start("running"), -5))),
                "pid reuse is still seen");
        // and this reader names itself as an outside reader would
        long selfInside = ProcStat.parse(proc.read("self/stat")).orElseThrow().startTicks();
        assertEquals("k" + (selfInside - 100_000), proc.self().startTime());
    }

    @Test
    void anOffsetThatIsNotAWholeNumberOfTicksShiftsByAtMostOneTick() {
        // Recorded with a boot-time offset of 1000 s + 5 ms: half a tick.
        FakeProc proc = FakeProc.fixture("timens-1000.005", dir);
        long inside = ProcStat.parse(proc.read(proc.pid("running") + "/stat")).orElseThrow().startTicks();
        long normalized = inside - 100_000;
        assertTrue(Math.abs(normalized - Long.parseLong(proc.start("running").substring(1))) <= 1);
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, "running")));
    }

    @Test
    void aNegativeOffsetWrapsOlderProcessesAroundWhichIsUnknownNotDead() {
        // Recorded with an offset below minus the age of init: the kernel's unsigned sum wraps.
        FakeProc proc = FakeProc.fixture("timens-negative", dir);
        long inside = ProcStat.parse(proc.read("1/stat")).orElseThrow().startTicks();
        assertTrue(inside > 1_000_000_000_000L, "wrapped: " + inside);
        assertEquals(Liveness.UNKNOWN, proc.probe().probe(owner(proc, "init")));
        assertEquals(Liveness.ALIVE, proc.probe().probe(owner(proc, "running")), "a younger process is judged");
    }

    @Test
    void anUnknownOffsetNeverGivesDeadByStartTime() throws IOException {
        FakeProc proc = FakeProc.fixture("timens-1000", dir);
        ProcessIdentity self = proc.self();
        // this process's namespace is not its children's: timens_offsets is not ours
        proc.delete("self/ns/time_for_children");
        java.nio.file.Files.createSymbolicLink(proc.root.resolve("self/ns/time_for_children"), Path.of("time:[1]"));
        BootTimeOffset offset = BootTimeOffset.read(proc.procFs());
        assertFalse(offset.known());
        ProcLivenessProbe probe = new ProcLivenessProbe(self, proc.procFs(), offset, false);
        assertEquals(Liveness.UNKNOWN, probe.probe(owner(proc, proc.pid("running"), ticks(proc.start("running"), -5))));
        assertEquals(Liveness.DEAD, probe.probe(owner(proc, NO_SUCH_PID, "k777")), "a gone pid needs no start time");
        assertEquals("m0", LocalProcess.detect(proc.procFs(), proc.selfPid(), offset).startTime());
        assertThrows(IOException.class, () -> LocalProcess.other(proc.procFs(), self, offset, proc.pid("running")));
    }

    @Test
    void timeNamespaceFilesAbsentOrUnreadable() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        proc.delete("self/timens_offsets");
        assertFalse(BootTimeOffset.read(proc.procFs()).known(), "the kernel has time namespaces (ns/time), the file is unreadable");
        proc.delete("self/ns/time");
        assertTrue(BootTimeOffset.read(proc.procFs()).known(), "a kernel without time namespaces: offset 0");
        assertEquals(12345, BootTimeOffset.read(proc.procFs()).normalize(12345).orElseThrow());
    }

    @Test
    void clockTicksComeFromTheAuxiliaryVector() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        org.junit.jupiter.api.Assumptions.assumeTrue("64".equals(System.getProperty("sun.arch.data.model"))
                && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN, "the fixture's auxv is 64-bit little-endian");
        assertEquals(100, BootTimeOffset.clockTicksPerSecond(proc.procFs()).orElseThrow());
    }

    @Test
    void offsetArithmetic() {
        java.util.OptionalLong hz = java.util.OptionalLong.of(100);
        assertEquals(1, BootTimeOffset.of(1000, 0, hz).normalize(100_001).orElseThrow());
        assertEquals(1, BootTimeOffset.of(1000, 5_000_000, hz).normalize(100_001).orElseThrow(), "floor(100000.5) = 100000");
        assertEquals(100_001, BootTimeOffset.of(-1, 995_000_000, hz).normalize(100_000).orElseThrow(), "-0.005 s floors to -1 tick");
        assertTrue(BootTimeOffset.of(-700, 0, hz).normalize(1_844_674_337_390L).isEmpty(), "wrapped");
        assertTrue(BootTimeOffset.of(1000, 0, java.util.OptionalLong.empty()).normalize(5).isEmpty(), "no clock tick");
        assertTrue(BootTimeOffset.of(1000, 0, java.util.OptionalLong.of(1024)).normalize(5).isEmpty(), "tick not a whole ns count");
    }

    @Test
    void withoutAProcAtAllEveryOtherProcessIsUnknown() throws IOException {
        // /proc hidden (an empty tmpfs over it): nothing to read, not even self.
        java.nio.file.Files.createDirectories(dir.resolve("empty"));
        ProcFs empty = new ProcFs(dir.resolve("empty"), "/proc", false);
        ProcessIdentity self = LocalProcess.detect(empty, 4242, BootTimeOffset.read(empty));
        assertEquals(ProcessIdentity.UNKNOWN_FIELD, self.bootId());
        assertEquals("m0", self.startTime());
        ProcLivenessProbe probe = new ProcLivenessProbe(self, empty, BootTimeOffset.read(empty), false);
        assertEquals(Liveness.ALIVE, probe.probe(self));
        assertEquals(Liveness.UNKNOWN, probe.probe(new ProcessIdentity(self.host(), "-", "-", 4243, "m0")));
        assertThrows(IOException.class, () -> LocalProcess.other(empty, self, BootTimeOffset.read(empty), 4243));
    }
}
