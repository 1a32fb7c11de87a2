package dev.fslock.testing;

import dev.fslock.process.Liveness;
import dev.fslock.process.LivenessProbe;
import dev.fslock.process.ProcessIdentity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A failure detector that answers what the test told it: a verdict per identity, UNKNOWN for every
 * identity it was not told about (the safe answer, as the real probes give when in doubt).
 * Thread-safe.
 */
public final class FakeLiveness implements LivenessProbe {
    private final Map<ProcessIdentity, Liveness> verdicts = new ConcurrentHashMap<>();

    public FakeLiveness set(ProcessIdentity process, Liveness verdict) {
        verdicts.put(process, verdict);
        return this;
    }

    @Override
    public Liveness probe(ProcessIdentity owner) {
        return verdicts.getOrDefault(owner, Liveness.UNKNOWN);
    }
}
