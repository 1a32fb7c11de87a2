package dev.fslock.cli;

import dev.fslock.FsLockOptions;
import dev.fslock.LockCompromisedException;
import dev.fslock.LockTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The fslock command: {@code fslock run | status | break}. docs/cli.md is its manual.
 *
 * <p>Every failure ends in one line on stderr, {@code fslock: <what happened and what to do>},
 * and an exit status from {@link ExitCodes}; a stack trace only for a bug, and only with
 * {@code --verbose}.
 */
@Command(name = "fslock", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A cross-process lock made of files: run a command under it, inspect it, break it.",
        subcommands = {RunCommand.class, StatusCommand.class, BreakCommand.class, AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success (run: the command's own status, 128+N if it was killed by signal N; status: the lock is busy)",
            "1:status: the lock is not busy (free, or held only by DEAD owners)",
            "64:usage error (unknown option, missing --, bad duration or mode, a lock path that names no lock)",
            "74:I/O error, or the lock path holds something fslock did not make (not a lock)",
            "75:run: the lock is held by someone else (-w expired, -n); -E N changes it",
            "76:run: a zk:// lock was lost while the command ran (the command was sent SIGTERM)",
            "77:permission denied (the message says which call, on which file, and the fix)",
            "126, 127:run: the command is not executable, not found"})
public final class Main implements Callable<Integer> {

    @Option(names = "--allow-network-fs", scope = ScopeType.INHERIT,
            description = "Allow a lock on NFS, SMB and the like (every process using it must run on this host).")
    boolean allowNetworkFs;

    /** Whether signal handlers may be installed (not when running inside another JVM). */
    private final boolean standalone;

    Main(boolean standalone) {
        this.standalone = standalone;
    }

    /** For picocli's generators of the man page and the completion script, which only read the model. */
    private Main() {
        this(false);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        var mangled = ArgumentBytes.mangled(args);
        if (mangled.isPresent()) {
            err.println("fslock: " + mangled.get());
            System.exit(ExitCodes.USAGE);
        }
        int status = execute(args, out, err, true);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command line {@code args}.
     *
     * @param standalone true in the fslock JVM itself: installs signal handlers for {@code run}
     * @return the exit status
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, boolean standalone) {
        var run = RunFastPath.parse(args, err, standalone);
        if (run.isPresent()) {
            return RunFastPath.execute(run.get()); // without building picocli's model: start-up time
        }
        CommandLine cli = new CommandLine(new Main(standalone));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExpandAtFiles(false); // "@file" is an argument of the command, not ours to expand
        cli.setParameterExceptionHandler((e, original) -> {
            String message = e.getMessage();
            if (e.getCommandLine().getCommand() instanceof RunCommand && !Arrays.asList(original).contains("--")) {
                message = RunCommand.MISSING_DOUBLE_DASH; // the command's own options are what picocli tripped over
            }
            String help = e.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            err.println("fslock: " + oneLine(message) + " (see: " + help + ")");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, ignored) -> failed(e, err, verbose(commandLine)));
        return cli.execute(args);
    }

    /** A command failed with {@code e}: one line on {@code err} (a bug's stack trace too, if verbose); @return the exit status */
    static int failed(Exception e, PrintWriter err, boolean verbose) {
        Failure failure = Failure.of(e);
        err.println("fslock: " + oneLine(failure.message()));
        if (failure.status() == ExitCodes.SOFTWARE && verbose) {
            e.printStackTrace(err);
        }
        return failure.status();
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command: run, status or break");
    }

    FsLockOptions options() {
        return FsLockOptions.defaults().withNetworkFileSystemAllowed(allowNetworkFs);
    }

    boolean standalone() {
        return standalone;
    }

    /** In the fslock JVM itself: the library's log records as one-line messages, with --verbose only. */
    void logTo(Stderr err, boolean verbose) {
        if (standalone) {
            CliLogging.install(err, verbose);
        }
    }

    /** An exception as the user sees it: one line and an exit status. */
    record Failure(int status, String message) {
        static Failure of(Throwable e) {
            if (e instanceof UsageException) {
                return new Failure(ExitCodes.USAGE, e.getMessage());
            }
            if (e instanceof CommandNotRunnable c) {
                return new Failure(c.status, c.getMessage());
            }
            if (e instanceof LockBusy b) {
                return new Failure(b.status, b.getMessage());
            }
            if (e instanceof LockTimeoutException) {
                return new Failure(ExitCodes.LOCK_BUSY, e.getMessage());
            }
            if (e instanceof AccessDeniedException a) {
                return new Failure(ExitCodes.NO_PERMISSION, fileSystemMessage(a));
            }
            if (e instanceof LockCompromisedException) {
                return new Failure(ExitCodes.IO_ERROR, e.getMessage());
            }
            if (e instanceof FileSystemException f) {
                return new Failure(ExitCodes.IO_ERROR, fileSystemMessage(f));
            }
            if (e instanceof IOException) {
                return new Failure(ExitCodes.IO_ERROR, String.valueOf(e.getMessage()));
            }
            if (e instanceof InvalidPathException || e instanceof IllegalArgumentException) {
                return new Failure(ExitCodes.USAGE, e.getMessage());
            }
            return new Failure(ExitCodes.SOFTWARE, "internal error, please report it with the command line: " + e
                    + " (--verbose prints the stack trace)");
        }

        /** The library puts its explanation in the reason; the bare file name adds nothing then. */
        private static String fileSystemMessage(FileSystemException f) {
            String reason = f.getReason();
            if (reason != null && reason.startsWith("lock ")) {
                return reason;
            }
            return f.getMessage();
        }
    }

    /** {@code run}'s command cannot be run (not found: 127, not executable: 126, as in a shell). */
    static final class CommandNotRunnable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        CommandNotRunnable(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** {@code run} could not have the lock (-n, or -w expired): its -E status, 75 by default. */
    static final class LockBusy extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        LockBusy(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A usage error found after parsing (e.g. a missing {@code --}): exit 64. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static boolean verbose(CommandLine commandLine) {
        Object command = commandLine.getCommand();
        return command instanceof RunCommand run && run.verbose;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fslock " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + ", " + Charset.defaultCharset()};
        }
    }
}
