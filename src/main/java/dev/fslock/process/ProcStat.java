package dev.fslock.process;

import java.util.Optional;

/**
 * The two fields of {@code /proc/PID/stat} a liveness probe needs.
 *
 * @param state     one letter: R, S, D, Z (zombie), X (dead), ...
 * @param startTicks the process start time in clock ticks after boot (field 22)
 */
record ProcStat(char state, long startTicks) {

    /** Parses the content of {@code /proc/PID/stat}; the command name may hold spaces and parentheses. */
    static Optional<ProcStat> parse(String content) {
        int close = content.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        // Fields after "(comm)": index 0 is field 3 (state), index 19 is field 22 (starttime).
        String[] fields = content.substring(close + 1).trim().split(" ");
        if (fields.length < 20 || fields[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    String startTime() {
        return "k" + startTicks;
    }
}
