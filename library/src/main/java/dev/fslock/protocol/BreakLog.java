package dev.fslock.protocol;

import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The record auditors look for after the fact: every removal of another owner's entry, at INFO on
 * the logger {@code dev.fslock.breaks}, saying whose entry it was and why it was judged DEAD (or
 * that an operator forced it). docs/protocol.md, "Logging", says how to see it.
 */
public final class BreakLog {
    private static final System.Logger LOG = System.getLogger("dev.fslock.breaks");

    private BreakLog() {}

    /**
     * @param self the process that removed it, if known: lets the evidence say "an earlier boot"
     * @param by   who removed it: "a waiting acquirer", "fslock break", ...
     */
    public static void removed(LockLayout layout, String entryName, Optional<OwnerId> owner, Liveness verdict,
                               ProcessIdentity self, String by) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        String whose = owner.map(o -> "of " + o.process().describe() + " (start " + o.process().startTime() + ")")
                .orElse("that this fslock cannot read");
        LOG.log(Level.INFO, "lock " + layout.lock() + ": removed the entry " + entryName + " " + whose + ", " + verdict
                + ": " + evidence(owner, verdict, self) + "; removed by " + by);
    }

    /** Why the owner was judged as it was, from its identity and the remover's. */
    static String evidence(Optional<OwnerId> owner, Liveness verdict, ProcessIdentity self) {
        if (verdict != Liveness.DEAD || owner.isEmpty()) {
            return "its liveness cannot be judged from here; removed on an operator's request (--force)";
        }
        ProcessIdentity dead = owner.get().process();
        if (self != null && dead.sameHostAs(self) && !dead.bootId().equals(self.bootId())) {
            return "it ran in an earlier boot of this host (boot id " + dead.bootId() + ", now " + self.bootId() + ")";
        }
        return "no process with pid " + dead.pid() + " and start time " + dead.startTime() + " runs in boot "
                + dead.bootId() + ", PID namespace " + dead.pidNamespace() + " (the pid is gone, a zombie, or reused"
                + " by a later process)";
    }
}
