package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockCompromisedException;
import dev.fslock.LockHandle;
import dev.fslock.LockTimeoutException;
import dev.fslock.internal.Durations;
import dev.fslock.protocol.Shell;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fslock run LOCK -- COMMAND...}: acquire, run the command as a co-owner of the lock
 * ({@link CoOwnedCommand}), release, exit with the command's status.
 */
@Command(name = "run", sortOptions = false,
        // Also in cli/src/main/man/fslock-run.adoc, the man page's (ManPageAndCompletionTest compares them).
        customSynopsis = "fslock run [-w SECONDS | -n] [-E N] [--label TEXT] [--mode MODE] [-v] LOCK -- COMMAND [ARGS...]",
        description = {"Run COMMAND while holding the lock LOCK; exit with its status.",
            "The lock stays held until COMMAND exits, even if fslock itself is killed.",
            "COMMAND gets FSLOCK_LOCK (the lock path) and FSLOCK_FENCING_TOKEN in its environment."},
        footerHeading = "%nExamples:%n", // a heading of its own: the man page shows the footer only then
        footer = {"  fslock run /var/tmp/deploy.lock -- ./deploy.sh --prod",
            "  fslock run -w 30 --label backup /var/tmp/db.lock -- sh -c 'pg_dump db >db.sql'",
            "  fslock run -n -E 0 /var/tmp/job.lock -- ./job  # exit 0 if the lock is held"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "N:the command's own exit status; 128+N if signal N killed it",
            "64:usage error",
            "74:I/O error, or LOCK is not a lock",
            "75:the lock cannot be had: -w expired, or -n (-E N changes it)",
            "76:a zk:// lock was lost while the command ran (the command was sent SIGTERM)",
            "77:permission denied",
            "126, 127:the command is not executable, not found",
            "128+N:fslock got signal N before the command started"})
final class RunCommand implements Callable<Integer> {
    static final String MISSING_DOUBLE_DASH =
            "missing '--' before the command: fslock run [OPTIONS] LOCK -- COMMAND [ARGS...]";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-w", "--wait", "--timeout"}, paramLabel = "SECONDS", converter = CliDurations.class,
            description = "Give up after waiting this long (exit 75, or -E): seconds as flock(1) takes them (10, .5),"
                    + " or 500ms, 10s, 2m, 1h. 0 is one attempt. Default: wait as long as it takes.")
    Duration timeout;

    @Option(names = {"-n", "--nonblock", "--nb", "--no-wait"},
            description = "Give up at once if the lock is held (exit 75, or -E).")
    boolean noWait;

    @Option(names = {"-E", "--conflict-exit-code"}, paramLabel = "N", converter = ConflictExitCodes.class,
            defaultValue = "" + ExitCodes.LOCK_BUSY,
            description = "Exit with N when the lock cannot be had (-n, or -w expired); default 75. 0 to 125, but not"
                    + " fslock's own statuses (64, 70, 74, 76, 77).")
    int conflictExitCode;

    @Option(names = "--label", paramLabel = "TEXT",
            description = "What you are doing, shown to those who wait. Default: the command.")
    String label;

    @Option(names = "--mode", paramLabel = "MODE", converter = FileModes.class,
            description = "Permissions of the files fslock creates, in octal like chmod (660), whatever the umask;"
                    + " its directories also get x where MODE gives r. For locks shared by several users or a group:"
                    + " see docs/cli.md.")
    Set<PosixFilePermission> mode;

    @Option(names = {"-v", "--verbose"},
            description = "Say what fslock does; while waiting, not on a terminal, also say who holds the lock once a"
                    + " minute.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "LOCK",
            description = "The lock: a path whose directory exists, or zk://HOST:PORT[,HOST:PORT...]/PATH for a lock on"
                    + " ZooKeeper (docs/zookeeper.md).")
    String lockName;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND",
            description = "After --: the command and its arguments (run directly, not by a shell).")
    List<String> command = new ArrayList<>();

    /** Where our messages go, and the whole command line: from picocli, or set by {@link RunFastPath}. */
    PrintWriter err;
    List<String> originalArgs;

    /** Our stderr: library log records (-v) and our own lines go above the waiting line of a terminal. */
    Stderr stderr;

    @Override
    public Integer call() throws IOException {
        if (spec != null) {
            err = spec.commandLine().getErr();
            originalArgs = spec.commandLine().getParseResult().originalArgs();
        }
        stderr = new Stderr(err);
        main.logTo(stderr, verbose);
        List<String> argv = commandAfterDoubleDash();
        if (noWait && timeout != null) {
            throw new Main.UsageException("-n (--nonblock, --no-wait) and -w (--wait, --timeout) exclude each other");
        }
        var notRunnable = CommandLookup.problem(argv.get(0), System.getenv("PATH"));
        if (notRunnable.isPresent()) {
            throw notRunnable.get();
        }
        ZkLockName zk = ZkLockName.isZk(lockName) ? ZkLockName.parse(lockName) : null;
        if (zk != null && mode != null) {
            throw new Main.UsageException("--mode is for file locks; a ZooKeeper lock has no files: drop it for " + zk);
        }
        SignalRelay signals = main.standalone() ? SignalRelay.install(Thread.currentThread()) : SignalRelay.NONE;
        if (zk != null) {
            return ZkBackend.run(this, zk, argv, signals); // ZooKeeper's classes are loaded from here only
        }
        long started = System.nanoTime();
        FsLock lock;
        LockHandle held;
        try {
            lock = open(argv);
            held = acquire(lock);
        } catch (InterruptedException | IOException e) {
            if (signals.pending() != 0) {
                // Interrupted by a signal (also inside an I/O call, which closes its channel): an
                // abandoned acquisition leaves nothing behind.
                return ExitCodes.SIGNALLED + signals.pending();
            }
            if (e instanceof LockTimeoutException) {
                throw new Main.LockBusy(conflictExitCode, e.getMessage());
            }
            if (e instanceof InterruptedException) {
                throw new IllegalStateException("interrupted without a signal", e);
            }
            throw (IOException) e;
        }
        log("acquired lock " + lock.path() + " (fencing token " + held.fencingToken() + ") after "
                + Durations.human(Duration.ofNanos(System.nanoTime() - started)));

        int status;
        try {
            int signal = signals.holding();
            // A signal before the command started: it never starts.
            status = signal != 0 ? ExitCodes.SIGNALLED + signal : new CoOwnedCommand(lock.path(), held, argv, signals, verboseLog()).run();
        } catch (IOException | RuntimeException e) {
            ReleaseAfterFailure.release(held::release, e);
            throw e;
        }
        try {
            held.release(); // spec ReleaseUnlink, ReleaseRmdir
        } catch (LockCompromisedException e) {
            throw new LockCompromisedException(e.getMessage() + " (The command exited with status " + status + ".)");
        }
        log("released lock " + lock.path());
        return status;
    }

    /** Opens the lock with the options given, labelled with the command unless --label says otherwise. */
    private FsLock open(List<String> argv) throws IOException {
        FsLockOptions options = main.options().withLabel(label != null ? label : describe(argv));
        return FsLock.open(Path.of(lockName), mode == null ? options : options.withPermissions(mode));
    }

    /**
     * Acquires the lock as the options say, saying who holds it while waiting. Something at LOCK
     * that fslock did not make is refused by the first acquisition at once (NotALockException),
     * never waited for.
     */
    private LockHandle acquire(FsLock lock) throws IOException, InterruptedException {
        Supplier<WaitDisplay> displays = new Supplier<>() { // a class, not a method reference: start-up (docs/cli.md)
            @Override
            public WaitDisplay get() {
                return waitDisplay();
            }
        };
        try (WaitReporter reporter = new WaitReporter(WaitReporter.Lookout.of(lock), displays)) {
            if (noWait) {
                return lock.acquire(Duration.ZERO);
            }
            return timeout == null ? lock.acquireInterruptibly() : lock.acquire(timeout);
        }
    }

    /**
     * How to say who holds the lock while waiting: in place on a terminal, now and then elsewhere.
     * Only fslock's own JVM looks for a terminal (inside another JVM, stderr is not ours).
     */
    private WaitDisplay waitDisplay() {
        return WaitDisplay.choose(stderr, main.standalone() ? Terminal.ofStderr() : Optional.empty(), verbose);
    }

    /**
     * The command: everything after the first {@code --}, which must be there (so that the
     * command's own options are never taken for fslock's).
     */
    private List<String> commandAfterDoubleDash() {
        List<String> args = originalArgs;
        int dash = args.indexOf("--");
        List<String> after = dash < 0 ? List.of() : args.subList(dash + 1, args.size());
        if (dash < 0 || !after.equals(command)) {
            throw new Main.UsageException(MISSING_DOUBLE_DASH);
        }
        if (after.isEmpty()) {
            throw new Main.UsageException("no command after '--': fslock run [OPTIONS] LOCK -- COMMAND [ARGS...]");
        }
        return after;
    }

    static String describe(List<String> argv) {
        StringJoiner words = new StringJoiner(" "); // not a stream: start-up (docs/cli.md)
        for (String word : argv) {
            words.add(Shell.quote(word));
        }
        String s = words.toString();
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    /** {@link #log} as a Consumer; a class, not a method reference: start-up (docs/cli.md). */
    private Consumer<String> verboseLog() {
        return new Consumer<>() {
            @Override
            public void accept(String message) {
                log(message);
            }
        };
    }

    void log(String message) {
        if (verbose) {
            stderr.println("fslock: " + message);
        }
    }
}
