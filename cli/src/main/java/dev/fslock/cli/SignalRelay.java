package dev.fslock.cli;

import java.io.IOException;
import java.util.List;

/**
 * SIGINT, SIGTERM and SIGHUP for {@code fslock run}: while it waits for the lock, a signal ends the
 * wait (the acquisition is abandoned, leaving nothing behind); while it holds the lock, the signal
 * goes to the command, and fslock releases the lock once the command has exited.
 *
 * <p>Java has no public API for catching signals. {@code sun.misc.Signal} (module jdk.unsupported,
 * present in every OpenJDK build since 9) does it; a shutdown hook could not, because it runs only
 * once the JVM has decided to exit, and could not let the command decide whether to exit. If the
 * JVM refuses a handler (a signal ignored by the parent, such as SIGHUP under nohup), that signal
 * keeps its disposition, which the command inherits too.
 *
 * <p>SIGKILL cannot be caught: then the command goes on running, and the lock stays held by its
 * co-owner entry until it exits (see {@link CoOwnedCommand}).
 */
class SignalRelay {
    /** A relay that installs nothing: for running the CLI inside another JVM (tests). */
    static final SignalRelay NONE = new SignalRelay(null);

    private static final List<String> RELAYED = List.of("INT", "TERM", "HUP");

    private enum Phase { WAITING, HOLDING, CHILD }

    private final Thread waiter; // interrupted by a signal during WAITING
    private Phase phase = Phase.WAITING; // guarded by this
    private int pending; // guarded by this: the first signal number received before CHILD, 0 if none
    private Process child; // guarded by this: set in CHILD

    private SignalRelay(Thread waiter) {
        this.waiter = waiter;
    }

    /** Installs the handlers; {@code waiter} is the thread that acquires the lock. */
    @SuppressWarnings("removal")
    static SignalRelay install(Thread waiter) {
        SignalRelay relay = new SignalRelay(waiter);
        for (String name : RELAYED) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), new sun.misc.SignalHandler() {
                    @Override // a class, not a lambda: start-up (docs/cli.md)
                    public void handle(sun.misc.Signal s) {
                        relay.received(s.getName(), s.getNumber());
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The JVM keeps this signal (ignored by our parent, or reserved): it keeps its disposition.
            }
        }
        return relay;
    }

    /** The lock is held: from now on a signal is kept for the command. @return a signal number received so far, or 0 */
    synchronized int holding() {
        phase = Phase.HOLDING;
        return pending;
    }

    /** The command's process started: signals received meanwhile, and from now on, go to it. */
    synchronized void childStarted(Process process) {
        phase = Phase.CHILD;
        child = process;
        if (pending != 0) {
            forward(signalName(pending), pending);
        }
    }

    /** The first signal received before the command started, or 0. */
    synchronized int pending() {
        return pending;
    }

    synchronized void received(String name, int number) {
        if (this == NONE) {
            return;
        }
        switch (phase) {
            case WAITING -> {
                pending = pending == 0 ? number : pending;
                waiter.interrupt();
            }
            case HOLDING -> pending = pending == 0 ? number : pending;
            case CHILD -> forward(name, number);
        }
    }

    private void forward(String name, int number) {
        if (!child.isAlive()) {
            return; // exited meanwhile (its pid is not reused before we reap it, and we did not yet)
        }
        if (name.equals("INT") && inForegroundOfTerminal()) {
            return; // Ctrl-C: the terminal sent SIGINT to our whole process group, the command included
        }
        if (name.equals("TERM")) {
            child.destroy(); // SIGTERM
            return;
        }
        try {
            // Java can send SIGTERM and SIGKILL only; the shell's kill builtin sends the rest.
            new ProcessBuilder("/bin/sh", "-c", "kill -s \"$1\" \"$2\"", "kill", name, Long.toString(child.pid()))
                    .inheritIO().start();
        } catch (IOException e) {
            child.destroy(); // cannot start a shell: SIGTERM is the nearest signal we can send
        }
    }

    /**
     * Whether this process is in the foreground process group of its controlling terminal, like a
     * command started from an interactive shell: then a SIGINT most likely came from the terminal
     * (Ctrl-C), which sends it to the command as well; relaying it would deliver it twice (sudo
     * avoids the same thing). Where it cannot be told (no /proc): relay, a second SIGINT is better
     * than none.
     */
    private static boolean inForegroundOfTerminal() {
        return Terminal.inForeground().orElse(false);
    }

    static String signalName(int number) {
        return switch (number) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 15 -> "TERM";
            default -> Integer.toString(number);
        };
    }
}
