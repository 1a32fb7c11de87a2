package dev.fslock.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the library logs (System.Logger, which goes to java.util.logging here), as the fslock
 * command shows it: nothing by default, since every failure is already reported in one line; with
 * {@code --verbose}, INFO and above (e.g. every dead owner's entry broken, and why) as
 * {@code fslock: ...} lines. JUL's default two-line console format never appears. A logging
 * configuration given with {@code -Djava.util.logging.config.file} is left alone.
 */
final class CliLogging {
    private CliLogging() {}

    static void install(Stderr err, boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level level = verbose ? Level.INFO : Level.OFF;
        root.setLevel(level);
        Handler oneLine = new Handler() {
            private final SimpleFormatter messages = new SimpleFormatter();

            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    err.println("fslock: " + Main.oneLine(messages.formatMessage(r)));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        oneLine.setLevel(level);
        root.addHandler(oneLine);
    }
}
