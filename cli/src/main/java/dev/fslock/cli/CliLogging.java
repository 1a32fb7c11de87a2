package dev.fslock.cli;

/**
 * What the library logs (System.Logger), as the fslock command shows it: nothing by default, since
 * every failure is already reported in one line; with {@code --verbose}, INFO and above (e.g. every
 * dead owner's entry broken, and why) as {@code fslock: ...} lines. The library's loggers come
 * from {@link CliLoggerFinder}, which prints them here without setting up java.util.logging. A
 * logging configuration given with {@code -Djava.util.logging.config.file} (or {@code .class}) is
 * left alone: then the records go to java.util.logging, configured as it says.
 */
final class CliLogging {
    private CliLogging() {}

    /** Where the command's log records go: null until installed, and then java.util.logging has them. */
    private static volatile Sink sink;

    /** The command's stderr, and whether INFO and above are shown there (--verbose) or nothing. */
    record Sink(Stderr err, boolean verbose) {
        boolean accepts(System.Logger.Level level) {
            return verbose && level != System.Logger.Level.OFF
                    && level.getSeverity() >= System.Logger.Level.INFO.getSeverity();
        }

        void print(String message) {
            err.println("fslock: " + Main.oneLine(message));
        }
    }

    static void install(Stderr err, boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        sink = new Sink(err, verbose);
    }

    static Sink sink() {
        return sink;
    }
}
