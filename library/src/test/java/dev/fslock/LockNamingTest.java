package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One lock, one name: aliases through symbolic links, and names that would collide with our own files. */
class LockNamingTest {
    @TempDir Path dir;

    @Test
    void aLockReachedThroughASymlinkedDirectoryIsTheSameLock() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        FsLock direct = FsLock.open(real.resolve("x.lock"));
        FsLock viaAlias = FsLock.open(alias.resolve("x.lock"));
        assertEquals(direct.path(), viaAlias.path());
        try (LockHandle held = direct.acquire(Duration.ofSeconds(5))) {
            assertTrue(held.isValid());
            // The holding thread re-acquiring through the alias fails at once instead of waiting for itself.
            assertThrows(IllegalStateException.class, () -> viaAlias.acquire(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aLockNameEndingInFenceIsRefusedBecauseItIsAnotherLocksFenceFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsLock.open(dir.resolve("x.fence")));
        assertTrue(e.getMessage().contains("x.fence"), e.getMessage());
    }

    @Test
    void aLockNameEndingInQueueIsRefusedBecauseItIsAnotherLocksQueueFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsLock.open(dir.resolve("x.queue")));
        assertTrue(e.getMessage().contains("x.queue") && e.getMessage().contains("waiters"), e.getMessage());
    }

    @Test
    void statusReportsAnUnreadableFenceInsteadOfFailing() throws Exception {
        Files.createDirectory(dir.resolve("x.lock.fence"));
        LockStatus status = FsLock.open(dir.resolve("x.lock")).status();
        assertEquals(-1, status.lastToken());
        assertTrue(status.isFree());
    }
}
