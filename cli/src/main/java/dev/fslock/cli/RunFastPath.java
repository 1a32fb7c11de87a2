package dev.fslock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fslock run}'s usual command lines, read without picocli: building picocli's model of every
 * command from its annotations took about a third of {@code fslock run -- true}'s time
 * (docs/cli.md, "Start-up"). Only the plain forms are read here: {@code [--allow-network-fs] run},
 * then the options of {@link RunCommand} each at most once and each value as a separate argument,
 * one LOCK, {@code --} and a command. Anything else (help, an unknown or repeated option, an
 * attached value such as {@code -w5} or {@code --wait=5}, clustered flags, a value that starts with
 * {@code -} or that its converter refuses, no command) is left to picocli, which reads it as
 * before and says what is wrong with its usual messages. RunFastPathTest checks that whatever is
 * read here is read by picocli the same way.
 */
final class RunFastPath {
    private RunFastPath() {}

    private static final String ALLOW_NETWORK_FS = "--allow-network-fs";

    /**
     * The {@code run} command {@code args} ask for, ready to {@link #execute}; empty if picocli must read them.
     *
     * @param err where the command's messages go
     */
    static Optional<RunCommand> parse(String[] args, PrintWriter err, boolean standalone) {
        int i = 0;
        Set<String> seen = new HashSet<>(); // options given, by their field: picocli refuses a second one
        boolean allowNetworkFs = false;
        if (i < args.length && args[i].equals(ALLOW_NETWORK_FS)) {
            allowNetworkFs = true;
            seen.add(ALLOW_NETWORK_FS);
            i++;
        }
        if (i >= args.length || !args[i].equals("run")) {
            return Optional.empty();
        }
        i++;
        RunCommand run = new RunCommand();
        run.conflictExitCode = ExitCodes.LOCK_BUSY; // picocli's default value for -E
        String lockName = null;
        try {
            for (; i < args.length && !args[i].equals("--"); i++) {
                String arg = args[i];
                if (!arg.startsWith("-")) {
                    if (lockName != null || arg.isEmpty()) {
                        return Optional.empty(); // a second positional argument: picocli says what is missing
                    }
                    lockName = arg;
                    continue;
                }
                String field = field(arg);
                if (field == null || !seen.add(field)) {
                    return Optional.empty();
                }
                switch (field) {
                    case ALLOW_NETWORK_FS -> allowNetworkFs = true;
                    case "noWait" -> run.noWait = true;
                    case "verbose" -> run.verbose = true;
                    default -> {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            return Optional.empty();
                        }
                        String value = args[++i];
                        switch (field) {
                            case "timeout" -> run.timeout = CliDurations.parse(value);
                            case "conflictExitCode" -> run.conflictExitCode = ConflictExitCodes.parse(value);
                            case "label" -> run.label = value;
                            case "mode" -> run.mode = FileModes.parse(value);
                            default -> throw new IllegalStateException("no option " + field);
                        }
                    }
                }
            }
        } catch (RuntimeException badValue) {
            return Optional.empty(); // a value its converter refuses: picocli says why, in its words
        }
        if (lockName == null || i + 1 >= args.length) {
            return Optional.empty(); // no LOCK, no --, or nothing after it
        }
        Main main = new Main(standalone);
        main.allowNetworkFs = allowNetworkFs;
        run.main = main;
        run.lockName = lockName;
        run.command = new ArrayList<>(List.of(args).subList(i + 1, args.length));
        run.originalArgs = List.of(args);
        run.err = err;
        return Optional.of(run);
    }

    /** The field of {@link RunCommand} (or {@link Main}) that option {@code name} sets; null for an option not read here. */
    private static String field(String name) {
        return switch (name) {
            case ALLOW_NETWORK_FS -> ALLOW_NETWORK_FS;
            case "-n", "--nonblock", "--nb", "--no-wait" -> "noWait";
            case "-v", "--verbose" -> "verbose";
            case "-w", "--wait", "--timeout" -> "timeout";
            case "-E", "--conflict-exit-code" -> "conflictExitCode";
            case "--label" -> "label";
            case "--mode" -> "mode";
            default -> null;
        };
    }

    /** Runs {@code run} as picocli runs it: its status, or a failure said in one line as {@link Main} says it. */
    static int execute(RunCommand run) {
        try {
            return run.call();
        } catch (Exception e) {
            return Main.failed(e, run.err, run.verbose);
        }
    }
}
