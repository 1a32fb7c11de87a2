package dev.fslock.sim;

import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The simulation's processes in start order (p1, p2, ...), and the truth about who is alive. */
final class ProcessTable {
    private final List<SimProcess> procs = new ArrayList<>();

    void add(SimProcess p) {
        procs.add(p);
    }

    int size() {
        return procs.size();
    }

    SimProcess get(int index) {
        return procs.get(index);
    }

    List<SimProcess> all() {
        return procs;
    }

    Optional<SimProcess> byIdentity(ProcessIdentity id) {
        return procs.stream().filter(p -> p.identity.equals(id)).findFirst();
    }

    /** The name of the latest process with this pid (pids are reused), or the pid itself. */
    String nameOfPid(String pid) {
        return procs.stream().filter(q -> String.valueOf(q.identity.pid()).equals(pid))
                .map(q -> q.name).reduce((a, b) -> b).orElse(pid);
    }

    /** The truth about an owner, as a prober on its host sees it. */
    Liveness judge(ProcessIdentity owner) {
        Optional<SimProcess> p = byIdentity(owner);
        return p.isPresent() && !p.get().killed ? Liveness.ALIVE : Liveness.DEAD;
    }
}
