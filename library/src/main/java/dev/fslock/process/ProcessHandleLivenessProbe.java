package dev.fslock.process;

import java.time.Instant;
import java.util.Optional;

/**
 * The failure detector of systems other than Linux (macOS, BSD), where {@code ProcessHandle} asks
 * the kernel itself (never used on Linux, where ProcessHandle reads /proc: without /proc it would
 * call every process dead). Weaker than {@link ProcLivenessProbe}: there is no boot id, so an owner
 * from before a reboot is judged by its pid and start instant alone (a reused pid has another start
 * instant, so it still reads DEAD), and there is no PID namespace check. Not tested here: this
 * project's tests and CI run on Linux only.
 */
public final class ProcessHandleLivenessProbe implements LivenessProbe {
    private final ProcessIdentity self;

    public ProcessHandleLivenessProbe(ProcessIdentity self) {
        this.self = self;
    }

    @Override
    public Liveness probe(ProcessIdentity owner) {
        if (!owner.sameHostAs(self) || !owner.hasMillisStart()) {
            return Liveness.UNKNOWN;
        }
        if (owner.equals(self)) {
            return Liveness.ALIVE;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(owner.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return Liveness.DEAD;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        if (owner.startTime().equals(ProcessIdentity.UNKNOWN_START) || start.isEmpty()) {
            return Liveness.ALIVE; // cannot tell pid reuse: keep the lock rather than risk breaking it
        }
        return owner.startTime().equals(ProcessIdentity.millisStart(start.get().toEpochMilli())) ? Liveness.ALIVE : Liveness.DEAD;
    }
}
