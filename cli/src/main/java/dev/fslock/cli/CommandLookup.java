package dev.fslock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds COMMAND as {@code execvp} will, before the lock is acquired: a missing or non-executable
 * command is then one line, {@code fslock: ...}, with the shell's status (127, 126), and no lock
 * is taken or waited for. (The wrapper still reports an exec that fails later, e.g. if the file
 * goes away meanwhile.)
 */
final class CommandLookup {
    /** The search path execvp uses when PATH is unset. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private CommandLookup() {}

    /** Why {@code command} cannot be run; empty if it can (as far as can be seen now). */
    static Optional<Main.CommandNotRunnable> problem(String command, String searchPath) {
        if (command.isEmpty()) {
            return Optional.of(new Main.CommandNotRunnable(ExitCodes.NOT_FOUND, "command not found: '' (an empty command name)"));
        }
        if (command.contains("/")) {
            Path file = Path.of(command);
            if (!Files.exists(file)) {
                return Optional.of(new Main.CommandNotRunnable(ExitCodes.NOT_FOUND, command + ": no such file"));
            }
            if (Files.isDirectory(file)) {
                return Optional.of(new Main.CommandNotRunnable(ExitCodes.NOT_EXECUTABLE, command + ": is a directory, not a command"));
            }
            if (!Files.isExecutable(file)) {
                return Optional.of(new Main.CommandNotRunnable(ExitCodes.NOT_EXECUTABLE, command + ": permission denied: not executable"));
            }
            return Optional.empty();
        }
        boolean foundNotExecutable = false;
        for (String dir : (searchPath == null ? DEFAULT_PATH : searchPath).split(":", -1)) {
            Path file = Path.of(dir.isEmpty() ? "." : dir).resolve(command); // an empty element is the working directory
            if (Files.isRegularFile(file)) {
                if (Files.isExecutable(file)) {
                    return Optional.empty();
                }
                foundNotExecutable = true;
            }
        }
        return Optional.of(foundNotExecutable
                ? new Main.CommandNotRunnable(ExitCodes.NOT_EXECUTABLE, command + ": permission denied: found in PATH, but not executable")
                : new Main.CommandNotRunnable(ExitCodes.NOT_FOUND, "command not found: " + command + " (searched PATH)"));
    }
}
