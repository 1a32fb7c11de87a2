package dev.fslock.sim;

import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.SpecAction;
import dev.fslock.sim.Simulation.Violation;
import dev.fslock.testing.MemoryFileOps;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The safety checks made after every step: at most one live process believes it holds the lock;
 * each live holder's record is in place; each new holder's fencing token is larger than every
 * earlier one. And, on each process's thread, that a protocol reporting spec actions reported each
 * filesystem call, probe and wait as exactly one.
 */
final class Invariants {
    /** Spec actions that perform no filesystem call, probe or wait. */
    private static final Set<SpecAction> NO_CALL = EnumSet.of(
            SpecAction.Start, SpecAction.AbandonStart, SpecAction.FenceFailed, SpecAction.LeaveCS, SpecAction.Spawn,
            SpecAction.ChildExit);

    private final Simulation.Checks checks;
    private final ProcessTable procs;
    private final MemoryFileOps fs;
    private long maxToken;

    Invariants(Simulation.Checks checks, ProcessTable procs, MemoryFileOps fs) {
        this.checks = checks;
        this.procs = procs;
        this.fs = fs;
    }

    /** After a step, from the scheduler's thread. */
    Optional<Violation> check() {
        for (SimProcess p : procs.all()) {
            if (p.error != null) {
                return Optional.of(new Violation(Violation.Kind.ERROR, p.name + " failed: " + p.error));
            }
        }
        List<SimProcess> holders = procs.all().stream().filter(p -> p.holding && !p.killed).toList();
        if (holders.size() > 1) {
            return safety("live processes " + SimProcess.names(holders) + " all believe they hold the lock");
        }
        if (checks == Simulation.Checks.MUTUAL_EXCLUSION) {
            return Optional.empty();
        }
        for (SimProcess h : holders) {
            boolean present = fs.withoutHook(h.variant::recordPresent);
            if (!present) {
                return safety(h.name + " believes it holds the lock, but its ownership record is gone");
            }
            if (h.newAcquisition) {
                h.newAcquisition = false;
                if (h.variant.token().isPresent()) {
                    long token = h.variant.token().getAsLong();
                    if (token <= maxToken) {
                        return safety(h.name + " got fencing token " + token + ", not above the earlier " + maxToken);
                    }
                    maxToken = token;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> safety(String message) {
        return Optional.of(new Violation(Violation.Kind.SAFETY, message));
    }

    /**
     * Counts a spec action {@code p} reported, if it is one that performs a filesystem call, probe or
     * wait (a single try's QueueBypass, which does not look at the queue, makes none).
     */
    static void reported(SimProcess p, SpecAction action, String detail) {
        boolean noCall = NO_CALL.contains(action)
                || action == SpecAction.QueueBypass && detail.equals(LockProtocol.SINGLE_TRY);
        if (!noCall) {
            p.reportedCalls++;
        }
    }

    /**
     * Our protocol reports each filesystem call, probe and wait as exactly one spec action, in
     * the same step: checked at each scheduling point, so that a call the trace would not show
     * (and TLC could not judge) is caught here.
     */
    static void checkCallsReported(SimProcess p) {
        if (p.variant.reportsSpecActions() && p.calls != p.reportedCalls && p.error == null) {
            p.error = new AssertionError("made " + p.calls + " filesystem calls, probes and waits but reported "
                    + p.reportedCalls + " spec actions that perform one");
        }
    }
}
