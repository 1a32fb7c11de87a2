package dev.fslock;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path dir;

    @Test
    void acquireReleaseTokensGrow() throws Exception {
        FsLock lock = FsLock.open(dir.resolve("x.lock"));
        long t1;
        try (LockHandle h = lock.acquire(Duration.ofSeconds(1))) {
            t1 = h.fencingToken();
            assertTrue(h.isValid());
            assertEquals(LockStatus.State.HELD, lock.status().state());
            assertThrows(IllegalStateException.class, lock::tryAcquire);
            Object[] result = new Object[1];
            Thread t = new Thread(() -> {
                try {
                    result[0] = lock.tryAcquire().isEmpty();
                    FsLock.open(dir.resolve("x.lock")).acquire(Duration.ofMillis(50));
                } catch (Exception e) {
                    result[0] = e;
                }
            });
            t.start();
            t.join();
            assertInstanceOf(LockTimeoutException.class, result[0]);
            System.out.println(((Exception) result[0]).getMessage());
        }
        try (LockHandle h = lock.acquire(Duration.ofSeconds(1))) {
            assertEquals(t1 + 1, h.fencingToken());
        }
        System.out.println(Files.list(dir).toList());
        assertEquals(LockStatus.State.FREE, lock.status().state());
    }
}
