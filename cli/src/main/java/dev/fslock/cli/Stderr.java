package dev.fslock.cli;

import java.io.PrintWriter;

/**
 * fslock's stderr: whole lines, and on a terminal one status line below them, rewritten in place
 * (carriage return, the text, erase to the end of the line) and never left behind: a whole line
 * clears it first and draws it again below, and {@link #clear} erases it (the end of a wait, also
 * by timeout or signal), so that nothing that follows starts in the middle of a line.
 *
 * <p>Every text shown comes from {@link #printable}: the status line says who holds the lock, and
 * a label is anybody's text, which must not move the cursor or send escape sequences.
 */
final class Stderr {
    /** Back to the start of the line, and erase it (ECMA-48 EL, "erase in line", to its end). */
    static final String CLEAR_LINE = "\r\033[K";
    private static final String ERASE_TO_END = "\033[K";

    private final PrintWriter err;
    private String status; // guarded by this: the status line on screen, or null

    Stderr(PrintWriter err) {
        this.err = err;
    }

    /** A whole line (a message, a log record): above the status line, if one is shown. */
    synchronized void println(String line) {
        if (status != null) {
            err.print(CLEAR_LINE);
        }
        err.println(line);
        if (status != null) {
            err.print(status + ERASE_TO_END);
        }
        err.flush();
    }

    /** Shows {@code text} as the status line of a terminal {@code columns} wide, in place of the last one. */
    synchronized void show(String text, int columns) {
        status = fit(text, columns);
        err.print("\r" + status + ERASE_TO_END);
        err.flush();
    }

    /** Erases the status line, if one is shown: the cursor is then at the start of an empty line. */
    synchronized void clear() {
        if (status != null) {
            err.print(CLEAR_LINE);
            err.flush();
            status = null;
        }
    }

    /** {@code text} with every control character (newline, escape, DEL...) as {@code ?}. */
    static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.toString();
    }

    /**
     * {@code text}, printable, cut to fit in one line of a terminal {@code columns} wide, less one
     * column (a line that fills the last column leaves some terminals about to wrap, and the
     * carriage return would then go back to the wrong line). A cut text ends with "...".
     */
    static String fit(String text, int columns) {
        String s = printable(text);
        int room = Math.max(columns, 20) - 1;
        if (width(s) <= room) {
            return s;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (used + width(c) > room - 3) {
                break;
            }
            cut.appendCodePoint(c);
            used += width(c);
            i += Character.charCount(c);
        }
        return cut + "...";
    }

    /** Columns {@code s} takes on a terminal, at most: East Asian wide characters and emoji count 2. */
    static int width(String s) {
        return s.codePoints().map(Stderr::width).sum();
    }

    private static int width(int c) {
        boolean wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
                || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD);
        return wide ? 2 : 1;
    }
}
