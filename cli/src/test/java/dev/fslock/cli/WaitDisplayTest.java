package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The waiting lines, deterministically: what reaches stderr, byte for byte, for given looks at
 * given times. (WaitingLineTest runs the real command on a pseudo-terminal.)
 */
class WaitDisplayTest {
    private final StringWriter written = new StringWriter();
    private final Stderr stderr = new Stderr(new PrintWriter(written, true));

    private static WaitReporter.Sight heldBy(String holder) {
        return new WaitReporter.Sight("/locks/x.lock", "x.lock", "held by " + holder, Set.of(holder));
    }

    /** Issue 13: not on a terminal, an hour's wait for a lock that changes hands every second is at most 61 lines. */
    @Test
    void occasionalLinesAreFewInAnHourWhateverHappens() {
        for (boolean verbose : List.of(false, true)) {
            for (boolean holderChangesEverySecond : List.of(false, true)) {
                StringWriter out = new StringWriter();
                WaitDisplay display = new WaitDisplay.Occasional(new Stderr(new PrintWriter(out, true)), verbose);
                for (int second = 1; second <= 3600; second++) {
                    display.update(heldBy(holderChangesEverySecond ? "pid " + second : "pid 1"), Duration.ofSeconds(second));
                }
                display.end();
                long lines = out.toString().lines().count();
                String what = "verbose " + verbose + ", holder changes " + holderChangesEverySecond + ": " + lines + " lines";
                assertTrue(lines <= 61, what);
                assertFalse(out.toString().contains("\r"), what);
                if (!verbose && !holderChangesEverySecond) {
                    assertEquals(1, lines, what); // the first line, once
                } else {
                    assertTrue(lines >= 59, what); // once a minute
                }
            }
        }
    }

    /** Not on a terminal: the first look at once; a new holder is said, at most a minute after the last line. */
    @Test
    void occasionalLinesSayWhenTheLockChangedHands() {
        WaitDisplay display = new WaitDisplay.Occasional(stderr, false);
        for (int second = 1; second <= 600; second++) {
            display.update(heldBy(second < 30 ? "pid 1" : second < 200 ? "pid 2" : "pid 3"), Duration.ofSeconds(second));
        }
        assertEquals(List.of("fslock: waiting 1.0s for lock /locks/x.lock: held by pid 1",
                "fslock: waiting 1m01s for lock /locks/x.lock: held by pid 2",
                "fslock: waiting 3m20s for lock /locks/x.lock: held by pid 3"), written.toString().lines().toList());
    }

    /** On a terminal: carriage return, the line, erase to its end; erased at the end; no newline ever. */
    @Test
    void inPlaceRewritesOneLineAndErasesItAtTheEnd() {
        stderr.show("fslock: waiting 1.0s", 80);
        stderr.show("fslock: waiting 2.0s", 80);
        stderr.clear();
        stderr.clear(); // nothing shown any more: nothing written
        assertEquals("\rfslock: waiting 1.0s\033[K\rfslock: waiting 2.0s\033[K\r\033[K", written.toString());
    }

    /** A whole line (a -v log record) while the status line is shown: the status line is erased, and drawn below it. */
    @Test
    void aWholeLineGoesAboveTheStatusLine() {
        stderr.println("before");
        stderr.show("waiting", 80);
        stderr.println("fslock: removed a dead owner's entry");
        stderr.clear();
        stderr.println("after");
        assertEquals("before\n\rwaiting\033[K\r\033[Kfslock: removed a dead owner's entry\nwaiting\033[K\r\033[Kafter\n",
                written.toString());
    }

    /** The status line fits the terminal (less one column), counting wide characters twice, and carries no control characters. */
    @Test
    void statusLineFitsTheTerminalAndIsPrintable() {
        String label = "label \"\033[2J\u0007evil\ndeploy\" ";
        String fitted = Stderr.fit(label + "x".repeat(200), 60);
        assertEquals(59, fitted.length(), fitted);
        assertTrue(fitted.endsWith("..."), fitted);
        assertTrue(fitted.startsWith("label \"?[2J?evil?deploy\" x"), fitted);
        assertTrue(fitted.chars().noneMatch(Character::isISOControl), fitted);

        String wide = Stderr.fit("\u6F22\u5B57".repeat(50), 40); // 100 characters, 200 columns
        assertTrue(Stderr.width(wide) <= 39, wide);
        assertEquals("short", Stderr.fit("short", 60));
        assertEquals(Stderr.fit("y".repeat(100), 0).length(), 19, "a terminal of unknown or tiny width: 20 columns at least");
    }

    /** The reporter's lines, as the two displays show them. */
    @Test
    void linesNameTheLockAndWhoHoldsIt() {
        WaitReporter.Sight sight = heldBy("pid 7 on vm (ALIVE, held for 3.0s)");
        assertEquals("fslock: waiting 2m00s for lock /locks/x.lock: held by pid 7 on vm (ALIVE, held for 3.0s)",
                WaitReporter.line(sight, Duration.ofMinutes(2)));
        assertEquals("fslock: waiting 2m00s for x.lock: held by pid 7 on vm (ALIVE, held for 3.0s)",
                WaitReporter.shortLine(sight, Duration.ofMinutes(2)));
    }
}
