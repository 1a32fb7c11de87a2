package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The probe this platform gets ({@link Probes#system}) on real processes of this host: a child
 * named the way a co-owner's entry names it is ALIVE while it runs and DEAD once reaped.
 */
class SystemProbeTest {

    @Test
    void aChildIsAliveWhileItRunsAndDeadOnceReaped() throws Exception {
        assumeTrue(LocalProcess.isLinux() && Files.isDirectory(Path.of("/proc/self")), "needs Linux with /proc");
        LivenessProbe probe = Probes.system().forLocksOn("ext4");
        ProcessIdentity self = ProcessIdentity.current();
        assertEquals(Liveness.ALIVE, probe.probe(self));
        assertTrue(self.startTime().startsWith("k"), "a /proc start time on Linux: " + self.startTime());
        assertEquals(ProcessHandle.current().pid(), self.pid());

        Process child = new ProcessBuilder("sleep", "600").start();
        ProcessIdentity named;
        try {
            named = ProcessIdentity.ofLocalProcess(child.pid()).orElseThrow();
            assertEquals(self.host(), named.host());
            assertEquals(self.bootId(), named.bootId());
            assertEquals(self.pidNamespace(), named.pidNamespace());
            assertEquals(child.pid(), named.pid());
            assertEquals(Liveness.ALIVE, probe.probe(named));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(Optional.empty(), ProcessIdentity.ofLocalProcess(child.pid()), "reaped");
        assertEquals(Liveness.DEAD, probe.probe(named));
    }

    @Test
    void anIdentityNeedsAPositivePid() {
        String boot = "0123456789abcdef0123456789abcdef";
        assertThrows(IllegalArgumentException.class, () -> new ProcessIdentity("h", boot, "-", 0, "k1"));
        assertEquals("pid 1 on h", new ProcessIdentity("h", boot, "-", 1, "k1").describe());
    }

    @Test
    void aStatLineNeedsTheFieldsUpToTheStartTime() {
        String twenty = "S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0"; // fields 3 to 21: one short
        assertEquals(Optional.empty(), ProcStat.parse("42 (x) " + twenty));
        assertEquals(Optional.of(new ProcStat('S', 3, 1234)), ProcStat.parse("42 (x) " + twenty + " 1234"));
    }
}
