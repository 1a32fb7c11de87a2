package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec VerifyHeld: a holder whose entry is broken (fslock break --force) between reading the fence
 * and moving it must not hand out its token: the next holder may already have one that is not
 * larger (spec/FsLockFenced.tla, MCFsLockFencedBreakAnyTimeUnchecked shows the resource accepting
 * the earlier holder's write after the later one's).
 */
class BrokenWhileTakingTokenTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");

    @Test
    void aHolderBrokenWhileItTakesItsTokenGetsNoTokenAndHoldsNothing() throws Exception {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        FsLock lock = FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(fs)
                .liveness(new FakeLiveness()).observer((owner, action, detail) -> steps.add(action + " " + detail)).build());
        fs.setHook((op, path) -> {
            if (op.equals("rename") && path.getFileName().toString().startsWith(".X.fence.")) {
                // A person's `fslock break --force` removes our entry just before our fence rename.
                for (Path p : fs.withoutHook(fs::paths)) {
                    if (LOCK.equals(p.getParent())) {
                        fs.withoutHook(() -> fs.deleteFile(p));
                    }
                }
            }
        });

        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(Duration.ofSeconds(5)));

        assertTrue(e.getMessage().contains("lock broken while this acquisition took its fencing token"), e.getMessage());
        assertTrue(steps.stream().anyMatch(s -> s.equals("VerifyHeld ENOENT")), steps.toString());
        assertEquals(List.of(Path.of("/"), DIR, DIR.resolve("X.fence")), fs.paths(), "nothing held, no temp left");
    }
}
