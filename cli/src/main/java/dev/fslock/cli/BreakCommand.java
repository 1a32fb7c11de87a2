package dev.fslock.cli;

import dev.fslock.BreakAction;
import dev.fslock.FsLock;
import dev.fslock.Liveness;
import dev.fslock.LockStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fslock break LOCK [--force]}: removes what belongs to dead owners (what the next acquirer
 * would remove anyway); with --force also what belongs to owners whose liveness cannot be judged.
 * Never a live owner's entry, and never anything fslock did not make: a LOCK that is not a lock is
 * refused (exit 74) before anything is removed.
 */
@Command(name = "break",
        description = {"Remove what DEAD owners of LOCK left, and say what was removed.",
            "Live owners are never touched; --force also removes UNKNOWN ones.",
            "Exit status 0 unless an error occurs."})
final class BreakCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--force", description = {"Also remove entries and leftovers of UNKNOWN owners (another host or"
            + " PID namespace, entries this fslock cannot read). Only if you are sure they are gone: otherwise two"
            + " processes will hold the lock. Files fslock did not make are never removed."})
    boolean force;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock path (not a zk:// lock: see docs/zookeeper.md).")
    String lockName;

    @Override
    public Integer call() throws IOException {
        main.logTo(new Stderr(spec.commandLine().getErr()), false);
        if (ZkLockName.isZk(lockName)) {
            throw new Main.UsageException(ZkLockName.parse(lockName) + ": fslock break is for file locks; ZooKeeper breaks"
                    + " a dead holder's lock itself, when its session expires (fslock status shows the holder's node;"
                    + " to remove a live holder's node, use zkCli.sh: delete PATH/NODE)");
        }
        FsLock lock = FsLock.open(Path.of(lockName), main.options());
        PrintWriter out = spec.commandLine().getOut();
        LockStatus status = lock.status();
        if (force && status.state() != LockStatus.State.FOREIGN) { // not a lock: breakLock refuses it below
            List<String> doomed = forceTargets(status);
            for (String d : doomed) {
                out.println("about to remove (--force): " + d);
            }
            out.flush();
        }
        List<BreakAction> actions = lock.breakLock(force);
        if (actions.isEmpty()) {
            out.println("lock " + lock.path() + ": nothing to remove (free, no leftovers)");
        }
        for (BreakAction a : actions) {
            String what = a.path().equals(lock.path().toString()) && a.removed() && a.owner().equals("-")
                    ? "" : ": " + a.owner() + ", " + a.liveness(); // the lock directory itself, rmdir'd
            out.println((a.removed() ? "removed " : "kept    ") + a.path() + what + " (" + a.why() + ")");
        }
        return ExitCodes.OK;
    }

    /** What --force is about to remove beyond what a plain break would: said before it is done. */
    private static List<String> forceTargets(LockStatus status) {
        List<String> doomed = new ArrayList<>();
        for (LockStatus.Holder h : status.holders()) {
            if (h.liveness() == Liveness.UNKNOWN) {
                doomed.add(status.lock().resolve(h.entryName()) + ": "
                        + h.describe(status.observedAt()));
            }
        }
        for (LockStatus.Leftover l : status.leftovers()) {
            if (l.liveness() == Liveness.UNKNOWN) {
                doomed.add(status.lock().resolveSibling(l.fileName()) + ": leftover of " + l.process().describe()
                        + " (UNKNOWN)");
            }
        }
        return doomed;
    }
}
