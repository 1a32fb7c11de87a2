package dev.fslock.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The library's System.Loggers wherever the command's classes are (a service in the fslock jar):
 * in the fslock command ({@link CliLogging#install}) they print {@code fslock: ...} lines, or
 * nothing, without java.util.logging, whose set-up (about 300 classes) cost a noticeable part of
 * {@code fslock run}'s start-up (docs/cli.md, "Start-up"); everywhere else (another JVM using the
 * command's classes, a logging configuration given with {@code -Djava.util.logging.config.file}),
 * they hand every call to java.util.logging, as the JDK's own finder does.
 */
public final class CliLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new CliLogger(name);
    }

    /** One logger: asks at each call where records go now, since the command decides after the library's loggers exist. */
    private static final class CliLogger implements System.Logger {
        private final String name;
        private volatile java.util.logging.Logger jul; // made on first use: only then is java.util.logging set up

        CliLogger(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            CliLogging.Sink sink = CliLogging.sink();
            return sink != null ? sink.accepts(level) : jul().isLoggable(julLevel(level));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            CliLogging.Sink sink = CliLogging.sink();
            if (sink == null) {
                jul().logrb(julLevel(level), bundle, msg, thrown);
            } else if (sink.accepts(level)) {
                sink.print(localized(bundle, msg));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            CliLogging.Sink sink = CliLogging.sink();
            if (sink == null) {
                jul().logrb(julLevel(level), bundle, format, params);
            } else if (sink.accepts(level)) {
                sink.print(formatted(localized(bundle, format), params));
            }
        }

        private java.util.logging.Logger jul() {
            java.util.logging.Logger logger = jul;
            if (logger == null) {
                logger = java.util.logging.Logger.getLogger(name);
                jul = logger;
            }
            return logger;
        }

        /** As java.util.logging's formatters do it (Formatter.formatMessage): MessageFormat only for a text with {0}... */
        private static String formatted(String text, Object[] params) {
            if (text == null || params == null || params.length == 0 || !text.matches("(?s).*\\{[0-3#].*")) {
                return text;
            }
            try {
                return MessageFormat.format(text, params);
            } catch (IllegalArgumentException e) {
                return text;
            }
        }

        private static String localized(ResourceBundle bundle, String key) {
            if (bundle == null || key == null || !bundle.containsKey(key)) {
                return key;
            }
            return bundle.getString(key);
        }

        /** As the JDK maps them (sun.util.logging.PlatformLogger). */
        private static java.util.logging.Level julLevel(Level level) {
            return switch (level) {
                case ALL -> java.util.logging.Level.ALL;
                case TRACE -> java.util.logging.Level.FINER;
                case DEBUG -> java.util.logging.Level.FINE;
                case INFO -> java.util.logging.Level.INFO;
                case WARNING -> java.util.logging.Level.WARNING;
                case ERROR -> java.util.logging.Level.SEVERE;
                case OFF -> java.util.logging.Level.OFF;
            };
        }
    }
}
