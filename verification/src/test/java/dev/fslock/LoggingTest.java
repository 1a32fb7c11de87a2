package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.Liveness;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.OtherThread;
import dev.fslock.testing.RecordingHandler;
import dev.fslock.testing.TestEnvironments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the library logs through System.Logger (here to java.util.logging, the JDK's default):
 * every break of a dead owner's entry at INFO on {@code dev.fslock.breaks}, with whose entry it
 * was and why it was judged DEAD, the record an auditor looks for after the fact (issue 10); and
 * acquire, wait and release at DEBUG (JUL's FINE).
 */
class LoggingTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");

    private final Logger fslockLogger = Logger.getLogger("dev.fslock"); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new RecordingHandler(records);
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = fslockLogger.getLevel();
        fslockLogger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        fslockLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        fslockLogger.removeHandler(capture);
        fslockLogger.setLevel(levelBefore);
    }

    private List<String> messages(Level level, String logger) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().equals(level) && r.getLoggerName().equals(logger))
                    .map(LogRecord::getMessage).toList();
        }
    }

    @Test
    void breakingADeadOwnersEntryIsLoggedAtInfoWithTheEvidenceAndTheCycleAtDebug() throws Exception {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        FakeLiveness liveness = new FakeLiveness();
        OwnerId crashed = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k7"), "c1");
        liveness.set(crashed.process(), Liveness.DEAD);
        fs.put(LOCK.resolve(crashed.entryName()), new byte[0]);
        FsLock lock = FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(fs).liveness(liveness)
                .build());

        lock.acquire(Duration.ofSeconds(5)).release();

        List<String> breaks = messages(Level.INFO, "dev.fslock.breaks");
        assertEquals(1, breaks.size(), records.toString());
        String line = breaks.get(0);
        assertTrue(line.startsWith("lock " + LOCK + ": removed the entry " + crashed.entryName() + " of pid 77 on testhost"
                + " (start k7), DEAD: no process with pid 77 and start time k7 runs in boot "
                + TestEnvironments.SELF.bootId()), line);
        assertTrue(line.endsWith("removed by a waiting acquirer, pid 4242 on testhost"), line);
        assertTrue(messages(Level.FINE, FsLock.class.getName()).stream().anyMatch(m -> m.contains(": acquired by ")
                && m.contains("fencing token 1")), records.toString());
        assertTrue(messages(Level.FINE, LockHandle.class.getName()).stream().anyMatch(m -> m.contains(": released by ")),
                records.toString());
    }

    @Test
    void anEarlierBootIsTheEvidenceWhenItIsOne() throws Exception {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        FakeLiveness liveness = new FakeLiveness();
        OwnerId beforeReboot = new OwnerId(TestEnvironments.withBootId(TestEnvironments.SELF,
                "ffffffffffffffffffffffffffffffff"), "c1");
        liveness.set(beforeReboot.process(), Liveness.DEAD);
        fs.put(LOCK.resolve(beforeReboot.entryName()), new byte[0]);

        FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(fs).liveness(liveness).build())
                .acquire(Duration.ofSeconds(5)).release();

        assertTrue(messages(Level.INFO, "dev.fslock.breaks").get(0).contains("DEAD: it ran in an earlier boot of this"
                + " host (boot id ffffffffffffffffffffffffffffffff, now " + TestEnvironments.SELF.bootId() + ")"),
                records.toString());
    }

    @Test
    void fslockBreakLogsWhatItRemovedAndAWaitIsLoggedOnceAtDebug() throws Exception {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        FakeLiveness liveness = new FakeLiveness();
        OwnerId crashed = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k7"), "c1");
        liveness.set(crashed.process(), Liveness.DEAD);
        fs.put(LOCK.resolve(crashed.entryName()), new byte[0]);
        var env = TestEnvironments.inMemory().fs(fs).liveness(liveness).build();

        FsLock.open(LOCK, FsLockOptions.defaults(), env).breakLock(false);
        assertTrue(messages(Level.INFO, "dev.fslock.breaks").get(0).endsWith("removed by fslock break"),
                records.toString());

        try (LockHandle held = FsLock.open(LOCK, FsLockOptions.defaults(), env).acquire(Duration.ofSeconds(5))) {
            OtherThread.start("waiter", () -> FsLock.open(LOCK, FsLockOptions.defaults(), env)
                    .acquire(Duration.ofMillis(50))).joinFailure();
            List<String> waits = messages(Level.FINE, "dev.fslock.protocol.LockProtocol");
            assertEquals(1, waits.size(), waits.toString());
            assertTrue(waits.get(0).contains("held by [" + held.entryName() + " ALIVE]"), waits.get(0));
        }
    }
}
