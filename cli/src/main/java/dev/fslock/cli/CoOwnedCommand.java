package dev.fslock.cli;

import dev.fslock.LockHandle;
import dev.fslock.internal.Internals;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a command under a held lock as a co-owner: spec/FsLock.tla, "fslock run: the child as
 * co-owner". The holder (this JVM) performs Spawn, AddCoOwner, AwaitChild and RemoveCoOwner; the
 * wrapper script (wrapper.sh) performs ChildStat and ChildProbeParent and then execs the command.
 *
 * <pre>
 *   fslock (holder)                         wrapper, then the command (same pid)
 *   Spawn: start /bin/sh -c wrapper   ───▶  ChildStat: is P/child there? no
 *   read the child's start time             ChildProbeParent: fslock alive? yes, poll again
 *   AddCoOwner: create P/child              ChildStat: yes ─ exec COMMAND
 *   AwaitChild: waitpid           ◀───────  ChildExit: the command ends
 *   RemoveCoOwner: unlink P/child
 *   (caller: ReleaseUnlink, ReleaseRmdir)
 * </pre>
 *
 * Why the command stays protected if fslock is killed with SIGKILL: P then holds two entries,
 * fslock's (now DEAD, broken by the next waiter) and the command's, which names the command's own
 * pid and start time and so reads ALIVE until the command exits. P is non-empty, hence held, until
 * then. The wrapper never runs the command without its entry: if fslock dies before creating it,
 * the wrapper sees fslock dead and exits 75.
 */
final class CoOwnedCommand {
    /** Exported to the command: the lock's path. */
    static final String ENV_LOCK = "FSLOCK_LOCK";
    /** Exported to the command: the holder's fencing token. */
    static final String ENV_TOKEN = "FSLOCK_FENCING_TOKEN";

    private static final String SCRIPT = loadScript();

    private final Path lock;
    private final LockHandle held;
    private final List<String> command;
    private final SignalRelay signals;
    private final Consumer<String> verbose;

    CoOwnedCommand(Path lock, LockHandle held, List<String> command, SignalRelay signals, Consumer<String> verbose) {
        this.lock = lock;
        this.held = held;
        this.command = List.copyOf(command);
        this.signals = signals;
        this.verbose = verbose;
    }

    /** The wrapper's argument vector for {@code command}. */
    static List<String> wrapperCommand(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "fslock-wrapper"));
        argv.addAll(command);
        return argv;
    }

    /**
     * Runs the command and waits for it; removes its entry afterwards. Does not release the lock.
     *
     * @return the command's exit status (128+N if killed by signal N)
     */
    int run() throws IOException {
        ProcessIdentity self = ProcessIdentity.current();
        // Before spawning anything: fail with the reason if this system cannot name the command's
        // process (on Linux a /proc of another PID namespace, say), as it would fail for the child.
        ProcessIdentity.ofLocalProcess(self.pid());
        String head = entryHead(held.entryName());
        ProcessBuilder builder = new ProcessBuilder(wrapperCommand(command)).inheritIO();
        Map<String, String> env = builder.environment();
        CallerEnvironment.restore(env);
        env.put(ENV_LOCK, lock.toString());
        env.put(ENV_TOKEN, Long.toString(held.fencingToken()));
        env.put("FSLOCK_W_ENTRY", lock.resolve(head).toString());
        env.put("FSLOCK_W_PARENT", Long.toString(self.pid()));
        env.put("FSLOCK_W_PARENT_START", self.startTime());

        Process child = builder.start(); // spec Spawn
        signals.childStarted(child);
        Optional<OwnerId> coOwner = Optional.empty();
        try {
            coOwner = register(child, head);
        } finally {
            if (coOwner.isEmpty()) {
                // Not registered (it died, or we failed): it must not run the command, nor linger.
                child.destroyForcibly();
                awaitExit(child);
            }
        }
        if (coOwner.isEmpty()) {
            // The wrapper died before it could be registered, so it never ran the command: most
            // likely of a signal we relayed. Its status says how it ended.
            int status = child.exitValue();
            verbose.accept("the command's wrapper (pid " + child.pid() + ") ended before the command started, status "
                    + status);
            return status;
        }
        int status = awaitExit(child); // spec AwaitChild
        verbose.accept("command (pid " + child.pid() + ") exited with status " + status);
        Internals.removeCoOwner(held, coOwner.get()); // spec RemoveCoOwner
        return status;
    }

    /**
     * spec AddCoOwner, for the child as it is now.
     *
     * @return its owner id; empty if the child has already exited (it never ran the command)
     */
    private Optional<OwnerId> register(Process child, String head) throws IOException {
        // The start time must be read before the child could have been reaped: while isAlive() is
        // true afterwards, the pid was still our child's when we read it (a pid is reused only
        // after its process is reaped, and only this JVM reaps it).
        Optional<ProcessIdentity> identity = ProcessIdentity.ofLocalProcess(child.pid());
        if (identity.isEmpty() || !child.isAlive()) {
            return Optional.empty();
        }
        OwnerId coOwner = Internals.addCoOwner(held, identity.get());
        String expected = head + child.pid() + "_" + identity.get().startTime() + "_";
        if (!coOwner.entryName().startsWith(expected)) {
            // The wrapper could never find this entry: never leave it behind for a process that waits in vain.
            Internals.removeCoOwner(held, coOwner);
            throw new IllegalStateException("co-owner entry " + coOwner.entryName() + " does not start with "
                    + expected + ": the owner entry format changed without wrapper.sh");
        }
        verbose.accept("running " + String.join(" ", command) + " as pid " + child.pid() + ", co-owner entry "
                + coOwner.entryName());
        return Optional.of(coOwner);
    }

    /**
     * The part of an entry name before the pid: {@code o1_HOST_BOOT_PIDNS_} ({@link OwnerId#entryNameBeforePid}).
     * A co-owner shares host, boot and PID namespace with its holder, so its entry begins the same.
     */
    static String entryHead(String holderEntry) {
        Optional<OwnerId> holder = OwnerId.parse(holderEntry);
        if (holder.isEmpty()) {
            throw new IllegalStateException("unexpected owner entry name: " + holderEntry);
        }
        return holder.get().entryNameBeforePid();
    }

    /** waitpid, not interruptible: signals go to the command, whose exit we must see before releasing. */
    static int awaitExit(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String loadScript() {
        try (InputStream in = CoOwnedCommand.class.getResourceAsStream("wrapper.sh")) {
            if (in == null) {
                throw new IllegalStateException("wrapper.sh missing from the fslock jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
