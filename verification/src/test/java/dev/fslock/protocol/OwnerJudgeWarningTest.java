package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.NioFileOps;
import dev.fslock.process.Liveness;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.testing.RecordingHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A veto (the detector said DEAD, a live process holds the entry's kernel lock) means the probe is
 * wrong here: it is reported, with the entry, once per owner, however often the owner is judged.
 */
class OwnerJudgeWarningTest {
    @TempDir
    Path dir;

    @Test
    void aVetoIsWarnedOnceForEachOwner() throws Exception {
        OwnerId vetoed = new OwnerId(new ProcessIdentity("h", "0123456789abcdef0123456789abcdef", "-", 4343, "k1000"),
                "w" + System.nanoTime()); // an owner no other test has warned about
        Path held = dir.resolve("held");
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new RecordingHandler(records);
        Logger logger = Logger.getLogger(OwnerJudge.class.getName()); // held: JUL keeps loggers weakly
        logger.addHandler(capture);
        try (EntryFile entry = NioFileOps.instance().createEntry(held)) {
            assertTrue(entry.lock());
            OwnerJudge judge = new OwnerJudge(p -> Liveness.DEAD, NioFileOps.instance());
            assertEquals(Liveness.ALIVE, judge.judge(Optional.of(vetoed), List.of(held)));
            assertEquals(Liveness.ALIVE, judge.judge(Optional.of(vetoed), List.of(held)));
        } finally {
            logger.removeHandler(capture);
        }
        List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertEquals(1, warnings.size(), "the wrong probe is reported once per owner: " + records);
        String message = warnings.get(0).getMessage();
        assertTrue(message.contains("the probe is wrong in this environment") && message.contains(held.toString()), message);
    }
}
