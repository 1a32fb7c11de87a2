package dev.fslock.process;

import java.nio.file.Path;

/** Chooses the failure detector for this platform. */
public final class Probes {
    private Probes() {}

    /** /proc where it exists (Linux), ProcessHandle elsewhere. */
    public static LivenessProbe system() {
        ProcessIdentity self = ProcessIdentity.current();
        return LocalProcess.hasProc() ? new ProcLivenessProbe(self, Path.of("/proc")) : new ProcessHandleLivenessProbe(self);
    }
}
