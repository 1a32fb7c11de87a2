package dev.fslock.process;

/** Chooses the failure detector for this platform. */
public final class Probes {
    private Probes() {}

    /**
     * On Linux, always /proc: where it is missing or unusable, every other process is UNKNOWN
     * (ProcessHandle reads /proc itself there, so it would only guess). Elsewhere (macOS, BSD),
     * ProcessHandle, the platform's own source.
     */
    public static LivenessProbe system() {
        ProcessIdentity self = ProcessIdentity.current();
        return LocalProcess.isLinux() ? new ProcLivenessProbe(self, ProcFs.SYSTEM, LocalProcess.offset(), false)
                : new ProcessHandleLivenessProbe(self);
    }
}
