package dev.fslock.testing;

import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Made-up process identities and a failure detector that knows which of them are dead: for suites
 * that run several "processes" as threads of one JVM (lincheck, jcstress). Every identity is ALIVE
 * until {@link #kill} marks it DEAD, for good, as a crash-stop process. Thread-safe.
 */
public final class SimulatedProcesses implements LivenessProbe {
    private final Set<ProcessIdentity> dead = ConcurrentHashMap.newKeySet();

    /** The identity of simulated process {@code n} (n >= 1) on host {@code host}. */
    public static ProcessIdentity identity(String host, long n) {
        return new ProcessIdentity(host, ProcessIdentity.UNKNOWN_FIELD, ProcessIdentity.UNKNOWN_FIELD, n,
                ProcessIdentity.ticksStart(n));
    }

    /** From now on {@code process} is judged DEAD. */
    public void kill(ProcessIdentity process) {
        dead.add(process);
    }

    @Override
    public Liveness probe(ProcessIdentity owner) {
        return dead.contains(owner) ? Liveness.DEAD : Liveness.ALIVE;
    }
}
