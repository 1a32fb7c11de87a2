package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two facts a DEAD verdict rests on, read from procfs: "this is our PID namespace's procfs"
 * and "it shows every pid". The recorded fixtures (FakeProc) cover the environments; here the
 * parsing corners a fixture does not hold (escaped mount points, an NSpid-less kernel, the real
 * /proc's device) are checked one by one.
 */
class ProcFsTest {
    @TempDir
    Path dir;

    @Test
    void aMountPointWithEscapedCharactersIsFound() {
        String mountinfo = "21 26 0:20 / /my\\040proc\\011x rw,relatime - proc proc rw\n";
        ProcFs.Mount top = ProcFs.topMount(mountinfo, "/my proc\tx").orElseThrow();
        assertEquals("/my proc\tx", top.mountPoint());
        assertEquals("proc", top.type());
        assertEquals("rw,relatime", top.mountOptions());
        assertEquals("0:20", top.device());
    }

    @Test
    void aBackslashThatStartsNoOctalEscapeIsKept() {
        assertEquals("/a\\08", mountPointOf("/a\\08"), "8 is no octal digit");
        assertEquals("/a\\9", mountPointOf("/a\\9"));
        assertEquals("/a\\07", mountPointOf("/a\\07"), "too short for an escape");
        assertEquals("/a\\0", mountPointOf("/a\\0"));
        assertEquals("/a\\", mountPointOf("/a\\"));
        assertEquals("/a\\/7", mountPointOf("/a\\/7"), "/ is just below 0");
        assertEquals("/a\u0007b", mountPointOf("/a\\007b"));
        assertEquals("/a\\x\u00ff", mountPointOf("/a\\x\\377"));
    }

    private static String mountPointOf(String escaped) {
        return ProcFs.Mount.parse("21 26 0:20 / " + escaped + " rw - proc proc rw").orElseThrow().mountPoint();
    }

    @Test
    void malformedMountLinesAreSkipped() {
        assertEquals(Optional.empty(), ProcFs.Mount.parse("21 26 0:20 / /proc rw proc proc rw"), "no separator");
        assertEquals(Optional.empty(), ProcFs.Mount.parse("21 26 0:20 / /proc - proc proc rw"), "the separator too early");
        assertEquals(Optional.empty(), ProcFs.Mount.parse("21 26 0:20 / /proc rw - proc proc"), "no super options");
        assertEquals(Optional.empty(), ProcFs.Mount.parse("x 26 0:20 / /proc rw - proc proc rw"), "no mount id");
        assertEquals(Optional.empty(), ProcFs.Mount.parse("21 26 0:20 / /proc"), "too short");
        ProcFs.Mount optional = ProcFs.Mount.parse("21 26 0:20 / /proc rw shared:1 master:2 - proc proc rw,hidepid=2")
                .orElseThrow();
        assertEquals("rw,hidepid=2", optional.superOptions(), "optional fields before the separator");
        assertEquals(26, optional.parent());
        assertEquals(21, optional.id());
    }

    @Test
    void withoutAnNspidLineOnlyAKernelWithoutPidNamespacesCanTell() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        long self = proc.selfPid();
        String status = proc.read("self/status").replaceAll("NSpid:[^\n]*\n", "");
        proc.write("self/status", status);
        assertFalse(proc.procFs().isOwnPidNamespace(self), "PID namespaces exist here: cannot tell");
        proc.delete("self/ns/pid");
        assertTrue(proc.procFs().isOwnPidNamespace(self), "no PID namespaces: there is only one");
        assertFalse(proc.procFs().isOwnPidNamespace(self + 1), "another pid is not us");
        proc.delete("self/status");
        assertFalse(proc.procFs().isOwnPidNamespace(self), "unreadable");
    }

    @Test
    void anNspidListOfOurPidAloneIsOurNamespace() {
        FakeProc proc = FakeProc.fixture("plain", dir);
        long self = proc.selfPid();
        assertTrue(proc.procFs().isOwnPidNamespace(self));
        assertFalse(proc.procFs().isOwnPidNamespace(self + 1));
        proc.write("self/status", proc.read("self/status").replaceAll("NSpid:[^\n]*", "NSpid:\t" + self + "\t1"));
        assertFalse(proc.procFs().isOwnPidNamespace(self), "a procfs of an ancestor namespace lists more");
    }

    @Test
    void theRealProcShowsAllPidsButACopyOnAnotherDeviceDoesNot() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/mountinfo")), "no /proc here");
        String mounts = Files.readString(Path.of("/proc/self/mounts"));
        assumeTrue(mounts.lines().noneMatch(l -> l.contains(" /proc proc ") && l.contains("hidepid=")
                && !l.contains("hidepid=0") && !l.contains("hidepid=off")), "/proc is mounted with hidepid here");
        assertTrue(ProcFs.SYSTEM.showsAllPids(), "the device of /proc is the one its mountinfo line names");

        Path copy = Files.createDirectories(dir.resolve("copy/self"));
        Files.writeString(copy.resolve("mountinfo"), Files.readString(Path.of("/proc/self/mountinfo")));
        assertFalse(new ProcFs(dir.resolve("copy"), "/proc", true).showsAllPids(), "a copy on another device");
        assertTrue(new ProcFs(dir.resolve("copy"), "/proc", false).showsAllPids(), "the same table, unchecked");
    }

    @Test
    void aMountTableThatChangedIsParsedAgain() {
        // One ProcFs keeps its parse of the last table: a remount with hidepid, or a procfs stacked
        // on top, between two verdicts must be seen by the second.
        FakeProc fixture = FakeProc.fixture("plain", dir);
        ProcFs proc = fixture.procFs();
        String table = fixture.read("self/mountinfo");
        assertTrue(proc.showsAllPids());
        fixture.write("self/mountinfo", table.replace(" - proc proc rw", " - proc proc rw,hidepid=2"));
        assertFalse(proc.showsAllPids(), "remounted with hidepid=2");
        fixture.write("self/mountinfo", table);
        assertTrue(proc.showsAllPids(), "the first table again");
        fixture.write("self/mountinfo", table + "99 21 0:77 / /proc rw - proc proc rw,hidepid=invisible\n");
        assertFalse(proc.showsAllPids(), "a procfs with hidepid stacked on top");
    }

    @Test
    void aFieldOfStatusIsFoundAtTheStartOrAfterANewline() {
        assertEquals(Optional.of("\t7"), ProcFs.field("NSpid:\t7\nPid:\t7\n", "NSpid:"));
        assertEquals(Optional.of("\t7\t1"), ProcFs.field("Name:\tx\nNSpid:\t7\t1\nPid:\t7\n", "NSpid:"));
        assertEquals(Optional.of("\t7"), ProcFs.field("Name:\tx\nNSpid:\t7", "NSpid:"), "the last line, unended");
        assertEquals(Optional.empty(), ProcFs.field("Name:\tNSpid:\t7\n", "NSpid:"), "not at a line's start");
        assertEquals(Optional.empty(), ProcFs.field("Pid:\t7\n", "NSpid:"));
    }

    @Test
    void numbersAreParsedOrNot() {
        assertEquals(OptionalLong.of(42), ProcFs.parseLong(" 42\n"));
        assertEquals(OptionalLong.empty(), ProcFs.parseLong("4x"));
    }
}
