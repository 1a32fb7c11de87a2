package dev.fslock.cli;

import picocli.CommandLine;

/**
 * {@code -E N}: the exit status of {@code fslock run} when the lock cannot be had, as flock(1)'s
 * {@code -E} (whose default is 1; fslock's is 75, EX_TEMPFAIL). flock(1) takes any status from 0 to
 * 255; fslock refuses those that already say something else, so that a script reading the status
 * is never misled: fslock's own errors, a command that cannot run, a signal. 0 is allowed: a cron
 * job that should skip quietly when another run holds the lock. The command's own statuses cannot
 * be told apart from N whatever N is (flock has the same limit), which is why the default is 75.
 */
final class ConflictExitCodes implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
        return parse(text);
    }

    static int parse(String text) {
        int status;
        try {
            status = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number: give an exit status, 0 to 255");
        }
        if (status < 0 || status > 255) {
            throw new CommandLine.TypeConversionException(status + " is no exit status: exit statuses are 0 to 255");
        }
        String meaning = meaning(status);
        if (meaning != null) {
            throw new CommandLine.TypeConversionException(status + " already means " + meaning + "; choose another"
                    + " status for a lock that cannot be had: " + ALLOWED);
        }
        return status;
    }

    /** What is left: 0 to 125 but fslock's own errors. */
    static final String ALLOWED = "0 to 63, 65 to 69, 71 to 73, 75 or 78 to 125";

    /** What {@code status} already means when fslock exits with it, or null if nothing but the command's own status. */
    static String meaning(int status) {
        return switch (status) {
            case ExitCodes.USAGE -> "a usage error";
            case ExitCodes.SOFTWARE -> "a bug in fslock";
            case ExitCodes.IO_ERROR -> "an I/O error or a lock path that is not a lock";
            case ExitCodes.LOCK_LOST -> "a ZooKeeper lock lost while the command ran";
            case ExitCodes.NO_PERMISSION -> "permission denied";
            case ExitCodes.NOT_EXECUTABLE -> "a command that is not executable";
            case ExitCodes.NOT_FOUND -> "command not found";
            default -> status > ExitCodes.SIGNALLED ? "killed by signal " + (status - ExitCodes.SIGNALLED)
                    : status == ExitCodes.SIGNALLED ? "a signal to shells (128+N)" : null;
        };
    }
}
