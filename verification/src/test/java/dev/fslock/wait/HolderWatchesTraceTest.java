package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.NioFileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiter's holder watches are in the TRACE timeline (logger {@code dev.fslock.trace},
 * docs/protocol.md "Logging"), one event each: the watch and whether it could be made, its end
 * and how, and each later look at an entry whose watch ended (never watched again). In
 * verification/, in the library's package: the library's test module does not read java.logging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HolderWatchesTraceTest {
    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();
    private final Logger logger = Logger.getLogger("dev.fslock.trace");
    private Level levelBefore;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (messages) {
                messages.add(r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void traceOn() {
        handler.setLevel(Level.ALL);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void traceOff() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }

    @Test
    void aFreeLockIsWatchedEndsFreeAndIsSkippedAfter() throws Exception {
        Path entry = Files.createFile(dir.resolve("o1_trace_free")); // nobody locks it: free at once
        AtomicInteger wakes = new AtomicInteger();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            watches.watch(List.of(entry));
            while (wakes.get() == 0) {
                Thread.sleep(1); // polling; the class timeout is the deadline
            }
            watches.watch(List.of(entry));
        }
        assertEquals(List.of("watch o1_trace_free", "watch-end o1_trace_free FREE",
                "watch-skip o1_trace_free (its watch ended before)"), eventsOf("o1_trace_free"));
    }

    @Test
    void aGoneEntryEndsFailedAndIsNotWatchable() {
        Path entry = dir.resolve("o1_trace_gone");
        AtomicInteger wakes = new AtomicInteger();
        try (HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            watches.watch(List.of(entry));
            watches.watch(List.of(entry));
        }
        assertEquals(1, wakes.get());
        assertEquals(List.of("watch o1_trace_gone not watchable", "watch-end o1_trace_gone FAILED",
                "watch-skip o1_trace_gone (its watch ended before)"), eventsOf("o1_trace_gone"));
    }

    @Test
    void anEntryOfThisJvmIsNotWatchableAndSkippedAfter() throws Exception {
        Path entry = dir.resolve("o1_trace_ours");
        AtomicInteger wakes = new AtomicInteger();
        try (EntryFile ours = NioFileOps.instance().createEntry(entry);
                HolderWatches watches = new HolderWatches(wakes::incrementAndGet)) {
            assertTrue(ours.lock());
            watches.watch(List.of(entry));
            watches.watch(List.of(entry));
        }
        assertEquals(0, wakes.get(), "our own entry woke the waiter");
        assertEquals(List.of("watch o1_trace_ours not watchable",
                "watch-skip o1_trace_ours (its watch ended before)"), eventsOf("o1_trace_ours"));
    }

    /** The holder-watch events of the entry {@code name}, WHAT and DETAIL, sorted (their threads differ). */
    private List<String> eventsOf(String name) {
        List<String> found = new ArrayList<>();
        synchronized (messages) {
            for (String m : messages) {
                int at = m.indexOf(" - watch");
                if (at >= 0 && m.contains(" " + name)) {
                    found.add(m.substring(at + 3));
                }
            }
        }
        found.sort(null);
        return found;
    }
}
