package dev.fslock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The terminal on fslock's stderr (file descriptor 2), if there is one.
 *
 * <p>Java 17 cannot ask isatty(2): {@code System.console()} is non-null only when stdin and
 * stdout are terminals, so it says "no" for {@code fslock run ... >out.log} on a terminal and
 * "yes" for {@code fslock run ... 2>err.log}: the wrong answer both times for stderr. Reading
 * /proc/self/fd/2 would be Linux-only and would have to guess from device names (/dev/pts/N,
 * /dev/ttyN, /dev/ttyS0, /dev/console...). So a shell that inherits our fd 2 asks for us:
 * {@code test -t 2} is isatty(2) on the very same open file, on every POSIX system, and
 * {@code stty size <&2} reads its width. That costs one /bin/sh, started only once a wait has
 * lasted a second (never for a lock had at once), and again only after the terminal is resized
 * (SIGWINCH).
 *
 * <p>{@code TERM=dumb} (an editor's shell buffer) is not a terminal here: it cannot erase a line.
 */
final class Terminal {
    private static final long PROBE_DEADLINE_SECONDS = 5;
    /** When the terminal does not say (a pseudo-terminal whose size was never set). */
    static final int DEFAULT_COLUMNS = 80;

    private volatile int columns;
    private volatile boolean resized;

    private Terminal(int columns) {
        this.columns = columns;
    }

    /** The terminal on stderr, or empty if stderr is not one (a file, a pipe, /dev/null) or TERM is dumb. */
    static Optional<Terminal> ofStderr() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return Optional.empty();
        }
        Optional<Integer> columns = probe();
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        Terminal terminal = new Terminal(columns.get());
        terminal.watchResizes();
        return Optional.of(terminal);
    }

    /** Its width now, in columns. */
    int columns() {
        if (resized) {
            resized = false;
            probe().ifPresent(c -> columns = c);
        }
        return columns > 0 ? columns : DEFAULT_COLUMNS;
    }

    /**
     * Whether this process is in the foreground process group of its controlling terminal, as a
     * command typed at an interactive shell: not a background job ({@code &}), nor a process
     * without a controlling terminal. Fields 5 (pgrp) and 8 (tpgid) of /proc/self/stat.
     *
     * @return empty where it cannot be told (no /proc)
     */
    static Optional<Boolean> inForeground() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pgrp = Long.parseLong(f[2]);
            long tpgid = Long.parseLong(f[5]);
            return Optional.of(tpgid > 0 && tpgid == pgrp);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Asks a shell sharing our stderr whether it is a terminal and how wide. @return the width (0 if
     * it does not say), or empty if stderr is not a terminal or no shell could tell
     */
    private static Optional<Integer> probe() {
        try {
            Process sh = new ProcessBuilder("/bin/sh", "-c", "test -t 2 || exit 1; stty size <&2 2>/dev/null; exit 0")
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!sh.waitFor(PROBE_DEADLINE_SECONDS, TimeUnit.SECONDS)) { // "rows columns" fits in the pipe
                sh.destroyForcibly();
                return Optional.empty();
            }
            if (sh.exitValue() != 0) {
                return Optional.empty();
            }
            String size = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            String[] rowsColumns = size.split("\\s+");
            return Optional.of(rowsColumns.length == 2 && rowsColumns[1].matches("[0-9]{1,5}")
                    ? Integer.parseInt(rowsColumns[1]) : 0);
        } catch (IOException e) {
            return Optional.empty(); // no /bin/sh: say it line by line, as to a file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGWINCH: the width is read again before the next line. The JVM may refuse the handler: then it stays as read. */
    @SuppressWarnings("removal")
    private void watchResizes() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> resized = true);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the width read at first stays
        }
    }
}
