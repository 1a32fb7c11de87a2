package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the fence cannot be written and the release that follows fails too (a filesystem gone
 * read-only), the acquisition throws and nobody holds a handle to the lock it took. The lock must
 * not stay held for the rest of the JVM's life: it is released by the next acquisition through the
 * same FsLock, or by a background retry once the filesystem accepts it again.
 */
class PendingReleaseTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");

    MemoryFileOps fs;
    FsLock lock;
    final AtomicBoolean readOnly = new AtomicBoolean(true);

    @BeforeEach
    void setUp() throws IOException {
        fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        lock = FsLock.open(LOCK, FsLockOptions.defaults(), TestEnvironments.inMemory().fs(fs).liveness(new FakeLiveness()).build());
        fs.setHook((op, path) -> {
            boolean fenceTemp = op.equals("symlink") && path.getFileName().toString().startsWith(".X.fence.");
            boolean ourEntryInP = op.equals("unlink") && LOCK.equals(path.getParent());
            if (readOnly.get() && (fenceTemp || ourEntryInP)) {
                throw new FileSystemException(path.toString(), null, "Read-only file system");
            }
        });
    }

    private boolean lockDirectoryHolds() {
        return fs.paths().stream().anyMatch(p -> LOCK.equals(p.getParent()));
    }

    @Test
    void theNextAcquisitionReleasesWhatAFailedOneLeftHeld() throws Exception {
        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(Duration.ofSeconds(5)));
        assertEquals(1, e.getCause().getSuppressed().length, "the failed release is attached to the fence's error");
        assertTrue(lockDirectoryHolds(), "the entry could not be removed while read-only");

        readOnly.set(false);
        try (LockHandle held = lock.tryAcquire().orElseThrow(() -> new AssertionError("still held by the failed attempt"))) {
            assertEquals(1, fs.paths().stream().filter(p -> LOCK.equals(p.getParent())).count(), "only the new entry");
        }
        assertFalse(lockDirectoryHolds());
    }

    @Test
    void aBackgroundRetryReleasesItWithoutAnyFurtherCall() throws Exception {
        assertThrows(FileSystemException.class, () -> lock.acquire(Duration.ofSeconds(5)));
        assertTrue(lockDirectoryHolds());

        readOnly.set(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lockDirectoryHolds() || fs.paths().contains(LOCK)) { // the first retry comes after about a second
            if (System.nanoTime() > deadline) {
                fail("the failed acquisition's entry was never released: " + fs.paths());
            }
            Thread.sleep(20); // polling interval; the condition decides
        }
        assertFalse(lockDirectoryHolds());
    }
}
