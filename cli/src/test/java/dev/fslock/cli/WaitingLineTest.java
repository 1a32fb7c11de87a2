package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the waiting line of {@code fslock run}, byte for byte, from real processes on a real
 * pseudo-terminal ({@code script} from util-linux allocates one and copies what is written to it):
 * on a terminal one line rewritten in place and erased when the wait ends, by acquisition,
 * timeout or signal; elsewhere one line, not one a second. The terminal is the one on stderr,
 * whatever stdout is.
 *
 * <p>What a terminal shows is one stream: fslock's stderr and stdout and the command's output,
 * with the terminal driver's newline translation ({@code \n} becomes {@code \r\n}).
 */
class WaitingLineTest {
    private static final String ERASE = "\033[K";
    private static final int COLUMNS = 60;

    @TempDir Path dir;
    @TempDir Path output;
    Path lock;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void needScript() throws Exception {
        Process p = new ProcessBuilder("script", "-qfec", "test -t 2", "/dev/null").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "no pseudo-terminal: util-linux's script(1) is missing or cannot allocate one");
        lock = dir.resolve("x.lock");
    }

    @AfterEach
    void cleanUp() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /**
     * Four waiters at once: stdout and stderr on the terminal; stdout to a file (System.console()
     * is then null, stderr is still the terminal); stderr to a file (System.console() is then
     * non-null); no terminal at all, with -v. The first two rewrite one line in place, the last two
     * write one line, though each waited several seconds. Before: a new line every second in the
     * first and third, and one line, not updated, in the second.
     */
    @Test
    void inPlaceOnTheTerminalOfStderrOneLineElsewhere() throws Exception {
        long start = System.nanoTime();
        Path stdoutFile = output.resolve("stdout-file");
        Path stderrFile = output.resolve("stderr-file");
        Processes.Started both;
        Processes.Started stdoutRedirected;
        Processes.Started stderrRedirected;
        Processes.Started noTerminal;
        try (LockHandle held = FsLock.open(lock, FsLockOptions.defaults().withLabel("holding")).acquire(Duration.ofSeconds(5))) {
            both = onTerminal(fslock("run", lock.toString(), "--", "echo", "both says hi"));
            stdoutRedirected = onTerminal(fslock("run", lock.toString(), "--", "echo", "hi") + " >" + stdoutFile);
            stderrRedirected = onTerminal(fslock("run", lock.toString(), "--", "echo", "hi") + " 2>" + stderrFile);
            noTerminal = Processes.start(output, Processes.fslock("run", "-v", lock.toString(), "--", "echo", "hi"));
            started.add(noTerminal.process());

            // Waiting for what fslock shows, not for time: each waiter reports after its own first second.
            awaitUpdates(both, 4);
            assertInPlace(Processes.read(both.out()), 4); // so far
            awaitUpdates(stdoutRedirected, 4);
            Processes.await("the redirected stderr has its line", () -> read(stderrFile).contains("fslock: waiting"));
            Processes.await("the waiter without a terminal has its line", () -> stderr(noTerminal).contains("fslock: waiting"));
            assertEquals(List.of(held.entryName()), Processes.list(lock));
        }
        Processes.Result bothResult = both.await();
        Processes.Result r = stdoutRedirected.await();
        Processes.Result e = stderrRedirected.await();
        Processes.Result n = noTerminal.await();
        long minutes = Duration.ofNanos(System.nanoTime() - start).toMinutes();

        // On the terminal: updates in place, all before the command's output, on no line of their own.
        String screen = bothResult.out();
        assertEquals(0, bothResult.status(), () -> visible(screen));
        assertInPlace(screen.substring(0, screen.indexOf("both says hi")), 4);
        assertTrue(screen.endsWith(Stderr.CLEAR_LINE + "both says hi\r\n"), () -> visible(screen));

        // stdout to a file: stderr is still the terminal, so still in place; nothing else on the screen.
        assertEquals(0, r.status(), () -> visible(r.out()));
        assertInPlace(r.out(), 4);
        assertTrue(r.out().endsWith(Stderr.CLEAR_LINE), () -> visible(r.out()));
        assertEquals("hi\n", read(stdoutFile));

        // stderr to a file: one line, no carriage return, no escape sequence.
        assertEquals(0, e.status(), e::toString);
        String errFile = read(stderrFile);
        long lines = errFile.lines().filter(l -> l.startsWith("fslock: waiting")).count();
        assertTrue(lines >= 1 && lines <= 1 + minutes, () -> visible(errFile));
        assertTrue(errFile.endsWith("\n"), () -> visible(errFile));
        assertFalse(errFile.contains("\r") || errFile.contains("\033"), () -> visible(errFile));

        // No terminal at all, with -v: the first line only (one a minute at most).
        assertEquals(0, n.status(), n::toString);
        long nLines = n.errLines().stream().filter(l -> l.startsWith("fslock: waiting")).count();
        assertTrue(nLines >= 1 && nLines <= 1 + minutes, n::toString);
        assertFalse(n.err().contains("\r") || n.err().contains("\033"), n::toString);
    }

    /** A timeout on a terminal: the status line is erased, and the one-line message starts at the first column. */
    @Test
    void timeoutErasesTheLineBeforeItsMessage() throws Exception {
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            Processes.Started waiter = onTerminal(fslock("run", "-w", "2.5", "-E", "9", lock.toString(), "--", "echo", "no"));
            Processes.Result r = waiter.await();
            assertEquals(9, r.status(), () -> visible(r.out()));
            String screen = r.out();
            int message = screen.indexOf("fslock: timed out after ");
            assertTrue(message > 0, () -> visible(screen));
            assertInPlace(screen.substring(0, message), 1);
            assertTrue(screen.substring(0, message).endsWith(Stderr.CLEAR_LINE), () -> visible(screen));
            assertTrue(screen.endsWith("It is alive: wait longer, or stop that process.\r\n"), () -> visible(screen));
            assertEquals(1, screen.split("\n", -1).length - 1, () -> "one newline: " + visible(screen));
            assertFalse(screen.contains("no\r\n"), "the command ran");
        }
    }

    /** SIGTERM while waiting on a terminal: the line is erased, and fslock exits 143 leaving nothing behind. */
    @Test
    void signalWhileWaitingErasesTheLine() throws Exception {
        try (LockHandle held = FsLock.open(lock).acquire(Duration.ofSeconds(5))) {
            Processes.Started waiter = onTerminal(fslock("run", lock.toString(), "--", "echo", "no"));
            awaitUpdates(waiter, 2);
            ProcessHandle java = waiter.process().children().findFirst().orElseThrow(); // script's child: sh, exec'd java
            Processes.signal(java.pid(), "TERM");
            Processes.Result r = waiter.await();
            assertEquals(143, r.status(), () -> visible(r.out()));
            assertInPlace(r.out(), 2);
            assertTrue(r.out().endsWith(Stderr.CLEAR_LINE), () -> visible(r.out()));
            assertEquals(List.of(held.entryName()), Processes.list(lock));
            assertEquals(List.of("x.lock", "x.lock.fence", "x.lock.queue"), Processes.list(dir), // the queue file stays, like the fence
                    "the waiter left something behind");
        }
    }

    /**
     * {@code waiting} is what the terminal got while fslock waited: only status lines, each
     * carriage return, text, erase to the end of the line, at least {@code updates} of them, each
     * fitting the terminal's width; no newline.
     */
    private static void assertInPlace(String waiting, int updates) {
        assertFalse(waiting.contains("\n"), () -> "a newline while waiting: " + visible(waiting));
        Matcher m = Pattern.compile("\r([^\r\033]*)\033\\[K").matcher(waiting);
        int lines = 0;
        int end = 0;
        while (m.find()) {
            assertEquals(end, m.start(), () -> "something between status lines: " + visible(waiting));
            end = m.end();
            if (!m.group(1).isEmpty()) {
                lines++;
                assertTrue(m.group(1).startsWith("fslock: waiting "), visible(waiting));
                assertTrue(Stderr.width(m.group(1)) < COLUMNS, "wider than the terminal: " + m.group(1));
            }
        }
        assertEquals(waiting.length(), end, () -> "not a status line: " + visible(waiting));
        int shown = lines;
        assertTrue(shown >= updates, () -> shown + " updates: " + visible(waiting));
    }

    /** Waits until the terminal of {@code p} has shown {@code n} waiting lines (in place or not). */
    private static void awaitUpdates(Processes.Started p, int n) throws InterruptedException {
        Processes.await(n + " waiting lines on the terminal", () -> {
            String screen = Processes.readQuietly(p.out()).orElse("");
            return screen.split("fslock: waiting ", -1).length - 1 >= n;
        });
    }

    /** {@code command} (a shell command line) on a new pseudo-terminal of {@link #COLUMNS} columns: its output is what the terminal got. */
    private Processes.Started onTerminal(String command) throws IOException {
        ProcessBuilder b = new ProcessBuilder("script", "-qfec", "stty cols " + COLUMNS + " && exec " + command, "/dev/null");
        b.environment().put("TERM", "xterm");
        Processes.Started p = Processes.start(output, b);
        started.add(p.process());
        return p;
    }

    /** The fslock command as a shell command line. */
    private static String fslock(String... args) {
        return Processes.fslock(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    private static String stderr(Processes.Started p) {
        try {
            return p.stderr();
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        return Processes.readQuietly(file).orElse("");
    }

    /** Control characters made visible, for failure messages. */
    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n\n").replace("\033", "\\e");
    }
}
