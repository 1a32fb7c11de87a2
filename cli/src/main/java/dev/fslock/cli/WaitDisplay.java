package dev.fslock.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the waiting lines of {@link WaitReporter} reach stderr: {@link InPlace} on a terminal, one
 * line rewritten every second; {@link Occasional} anywhere else (a log file, a pipe, cron's mail),
 * where a line a second would be 3,600 lines an hour.
 */
interface WaitDisplay {
    /** A look at the lock, every second while waiting. */
    void update(WaitReporter.Sight sight, Duration waited);

    /** The wait is over. */
    void end();

    /**
     * In place where stderr is a terminal and fslock runs in its foreground (not a background job
     * of an interactive shell, whose status line would land on the line being typed); otherwise
     * occasional lines.
     */
    static WaitDisplay choose(Stderr stderr, Optional<Terminal> terminal, boolean verbose) {
        if (terminal.isPresent() && Terminal.inForeground().orElse(true)) {
            return new InPlace(stderr, terminal.get());
        }
        return new Occasional(stderr, verbose);
    }

    /** One status line, rewritten every second; erased when the wait ends. */
    final class InPlace implements WaitDisplay {
        private final Stderr stderr;
        private final Terminal terminal;

        InPlace(Stderr stderr, Terminal terminal) {
            this.stderr = stderr;
            this.terminal = terminal;
        }

        @Override
        public void update(WaitReporter.Sight sight, Duration waited) {
            stderr.show(WaitReporter.shortLine(sight, waited), terminal.columns());
        }

        @Override
        public void end() {
            stderr.clear();
        }
    }

    /**
     * Whole lines, rarely: the first look (after a second of waiting), then at most one line a
     * {@link #INTERVAL}: when the holders have changed since the last line (the lock changed
     * hands, and this waiter still waits), and with --verbose also when they have not (still
     * waiting). At most 61 lines in an hour's wait, however busy the lock.
     */
    final class Occasional implements WaitDisplay {
        static final Duration INTERVAL = Duration.ofMinutes(1);

        private final Stderr stderr;
        private final boolean verbose;
        private Duration lastLine; // null before the first
        private Set<String> lastHolders;

        Occasional(Stderr stderr, boolean verbose) {
            this.stderr = stderr;
            this.verbose = verbose;
        }

        @Override
        public void update(WaitReporter.Sight sight, Duration waited) {
            if (due(sight.holderNames(), waited)) {
                lastLine = waited;
                lastHolders = Set.copyOf(sight.holderNames());
                stderr.println(Stderr.printable(WaitReporter.line(sight, waited)));
            }
        }

        private boolean due(Set<String> holders, Duration waited) {
            if (lastLine == null) {
                return true;
            }
            if (waited.minus(lastLine).compareTo(INTERVAL) < 0) {
                return false;
            }
            return verbose || !holders.equals(lastHolders);
        }

        @Override
        public void end() {}
    }
}
