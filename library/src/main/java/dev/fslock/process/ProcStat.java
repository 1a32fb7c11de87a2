package dev.fslock.process;

import java.util.Optional;

/**
 * The fields of {@code /proc/PID/stat} a liveness probe needs. One read gives all three
 * consistently enough: the kernel reads the state first, then the thread count under the sighand
 * lock, and the count of a zombie leader never drops to 1 while another thread lives.
 *
 * @param state      one letter of the thread group leader: R, S, D, Z (zombie), X (dead), T, t, I, ...
 * @param threads    live threads of the group, the leader included until it is released (field 20);
 *                   0 when the leader was released while we read it
 * @param startTicks the start time in clock ticks after boot, as this reader's time namespace
 *                   shows it (field 22; see {@link BootTimeOffset})
 */
record ProcStat(char state, long threads, long startTicks) {

    /** Parses the content of {@code /proc/PID/stat}; the command name may hold spaces and parentheses. */
    static Optional<ProcStat> parse(String content) {
        int close = content.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        // Fields after "(comm)": index 0 is field 3 (state), 17 is field 20 (num_threads), 19 is field 22 (starttime).
        String[] fields = content.substring(close + 1).trim().split(" ");
        if (fields.length < 20 || fields[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[17]), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean leaderEnded() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /**
     * The whole process has exited: its leader is a zombie (or being reaped) and it is the only
     * thread left. A zombie leader with other threads (its main thread called pthread_exit) is a
     * live process.
     */
    boolean exited() {
        return leaderEnded() && threads == 1;
    }

    /** Read while the kernel released the ended leader: exited, or an exec'ing thread took its place. */
    boolean undetermined() {
        return leaderEnded() && threads < 1;
    }
}
