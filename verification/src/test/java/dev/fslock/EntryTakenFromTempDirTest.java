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
 * spec CheckEntry/DropLock: if another process's sweep, believing a false "dead" verdict about us,
 * removed our entry from our temp directory before we locked it, the rename puts an empty directory
 * at P. We must not take that for a lock we hold: an empty P is free to everyone. (Unreachable with
 * a sound failure detector; TLC needs the check for MCFsLockFalseSuspicionVeto to pass.)
 */
class EntryTakenFromTempDirTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");

    @Test
    void anAcquirerWhoseEntryWasSweptFromItsTempDirHoldsNothingAndLeavesNothing() throws Exception {
        MemoryFileOps fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        FsLock lock = FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(fs)
                .liveness(new FakeLiveness()).observer((owner, action, detail) -> steps.add(action.name())).build());
        fs.setHook((op, path) -> {
            if (op.equals("rename") && path.getFileName().toString().startsWith(".X.tmp.")) {
                // The misled sweeper's SweepEntry, just before our RenameToLock.
                String entry = path.getFileName().toString().substring(".X.tmp.".length());
                fs.withoutHook(() -> fs.deleteFile(path.resolve(entry)));
            }
        });

        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(Duration.ofSeconds(5)));

        assertTrue(e.getMessage().contains("was removed from our temporary directory"), e.getMessage());
        assertTrue(steps.containsAll(List.of("RenameToLock", "CheckEntry", "DropLock")), steps.toString());
        assertEquals(List.of(Path.of("/"), DIR), fs.paths(), "the empty P we renamed is gone; no token was taken");
        fs.setHook(MemoryFileOps.Hook.NONE);
        try (LockHandle held = lock.tryAcquire().orElseThrow()) {
            assertTrue(held.isValid(), "nothing of the failed attempt is in the way");
        }
    }
}
