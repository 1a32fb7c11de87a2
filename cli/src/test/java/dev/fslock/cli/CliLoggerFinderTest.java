package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Outside the fslock command (here: a test JVM, where the command's classes and so its
 * LoggerFinder service are on the class path), the library's System.Loggers still go to
 * java.util.logging as with the JDK's own finder: same levels, the caller as the source.
 */
class CliLoggerFinderTest {
    @Test
    void withoutTheCommandRecordsGoToJavaUtilLoggingAsWithTheJdksFinder() {
        assertEquals(null, CliLogging.sink(), "this JVM is not the fslock command");
        System.Logger logger = System.getLogger("dev.fslock.finder-test");
        assertTrue(logger.getClass().getName().startsWith(CliLoggerFinder.class.getName()),
                "the service is found: " + logger.getClass());
        Logger jul = Logger.getLogger("dev.fslock.finder-test");
        List<LogRecord> records = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
                sources.add(r.getSourceClassName()); // inferred from the stack, so while logging
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
        try {
            jul.setLevel(Level.INFO);
            assertTrue(logger.isLoggable(System.Logger.Level.INFO));
            assertFalse(logger.isLoggable(System.Logger.Level.DEBUG));
            logger.log(System.Logger.Level.DEBUG, "not shown");
            logger.log(System.Logger.Level.INFO, "shown");
            logger.log(System.Logger.Level.ERROR, () -> "an error");
            logger.log(System.Logger.Level.WARNING, "a {0} warning", "formatted");
            jul.setLevel(Level.ALL);
            logger.log(System.Logger.Level.TRACE, "a trace");
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(List.of("INFO shown", "SEVERE an error", "WARNING a formatted warning", "FINER a trace"),
                records.stream().map(r -> r.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(r))
                        .toList());
        assertEquals(List.of(getClass().getName()), sources.stream().distinct().toList(), "the caller is the source");
    }
}
