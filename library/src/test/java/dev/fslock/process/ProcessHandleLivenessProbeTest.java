package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The probe of systems other than Linux, run here on Linux, where ProcessHandle reads /proc: its
 * decisions (another host or a /proc start time: UNKNOWN; a gone pid or another start: DEAD; an
 * unknown start: ALIVE, never broken) are the platform's, the data it decides on is real.
 */
class ProcessHandleLivenessProbeTest {
    private static final String BOOT = "0123456789abcdef0123456789abcdef";
    private final ProcessIdentity self = new ProcessIdentity("here", BOOT, "-", ProcessHandle.current().pid(),
            ProcessIdentity.millisStart(startMillis(ProcessHandle.current())));
    private final ProcessHandleLivenessProbe probe = new ProcessHandleLivenessProbe(self);

    @Test
    void thisProcessIsAlive() {
        assertEquals(Liveness.ALIVE, probe.probe(self));
    }

    @Test
    void aLiveProcessIsAliveOnlyWithItsOwnStartInstant() throws Exception {
        Process child = new ProcessBuilder("sleep", "600").start();
        try {
            long start = startMillis(child.toHandle());
            assertEquals(Liveness.ALIVE, probe.probe(owner(child.pid(), ProcessIdentity.millisStart(start))));
            assertEquals(Liveness.DEAD, probe.probe(owner(child.pid(), ProcessIdentity.millisStart(start - 5_000))),
                    "another start: the pid was reused");
            assertEquals(Liveness.ALIVE, probe.probe(owner(child.pid(), ProcessIdentity.UNKNOWN_START)),
                    "no start to compare: kept, never broken");
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertEquals(Liveness.DEAD, probe.probe(owner(child.pid(), ProcessIdentity.millisStart(1))), "reaped");
    }

    @Test
    void anotherHostOrAProcStartTimeIsUnknown() {
        ProcessIdentity elsewhere = new ProcessIdentity("there", BOOT, "-", self.pid(), self.startTime());
        assertEquals(Liveness.UNKNOWN, probe.probe(elsewhere));
        ProcessIdentity ticks = new ProcessIdentity("here", BOOT, "-", self.pid(), ProcessIdentity.ticksStart(100));
        assertEquals(Liveness.UNKNOWN, probe.probe(ticks), "a start in clock ticks is for the /proc probe");
    }

    private ProcessIdentity owner(long pid, String start) {
        return new ProcessIdentity("here", BOOT, "-", pid, start);
    }

    private static long startMillis(ProcessHandle handle) {
        Instant start = handle.info().startInstant().orElse(null);
        assumeTrue(start != null, "ProcessHandle gives no start instant here");
        return start.toEpochMilli();
    }
}
