package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The public API's basic contract: acquire and release, tryAcquire, validity, idempotent release,
 * a compromised release, withLock, release from another thread. Every scenario runs on the real
 * filesystem and on the in-memory one.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LockBed.Backend.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS) // safety net: nothing here should wait
class AcquireReleaseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30); // generous: the lock is free

    @Parameter LockBed.Backend backend;
    @TempDir Path tempDir;
    LockBed bed;
    FsLock lock;

    @BeforeEach
    void setUp() throws Exception {
        bed = backend.create(tempDir);
        lock = bed.open("X");
    }

    @Test
    void acquireCreatesOurEntryAndReleaseLeavesOnlyTheFence() throws Exception {
        LockHandle held = lock.acquire(PATIENCE);

        assertEquals(List.of("X", "X.fence"), bed.names());
        assertEquals(List.of(held.entryName()), bed.entries("X"));
        assertEquals(bed.self(), OwnerId.parse(held.entryName()).orElseThrow().process(), "the entry names this process");
        assertEquals(bed.path("X").toAbsolutePath(), lock.path());

        held.release();

        assertEquals(List.of("X.fence"), bed.names(), "release removes the entry and the empty lock directory");
        assertTrue(lock.status().isFree());
    }

    @Test
    void tryAcquireIsEmptyWhileAnotherOwnerHolds() throws Exception {
        try (LockHandle held = lock.acquire(PATIENCE)) {
            Optional<LockHandle> other = OtherThread.call(() -> bed.open("X").tryAcquire());

            assertTrue(other.isEmpty());
            assertTrue(held.isValid());
            assertEquals(List.of(held.entryName()), bed.entries("X"), "the failed attempt leaves nothing in the lock");
            assertEquals(List.of("X", "X.fence"), bed.names(), "nor beside it");
        }
    }

    @Test
    void tryAcquireTakesAFreeLock() throws Exception {
        Optional<LockHandle> held = lock.tryAcquire();

        assertTrue(held.isPresent());
        assertTrue(held.get().isValid());
        held.get().release();
        assertEquals(List.of("X.fence"), bed.names());
    }

    @Test
    void handleIsValidWhileHeldAndInvalidAfterRelease() throws Exception {
        LockHandle held = lock.acquire(PATIENCE);
        assertTrue(held.isValid());

        held.release();

        assertFalse(held.isValid());
    }

    @Test
    void handleIsInvalidOnceSomeoneDeletedItsEntry() throws Exception {
        LockHandle held = lock.acquire(PATIENCE);

        bed.fs().deleteFile(bed.path("X").resolve(held.entryName()));

        assertFalse(held.isValid());
        assertThrows(LockCompromisedException.class, held::release);
    }

    @Test
    void releaseIsIdempotentAndNeverTouchesTheNextHolder() throws Exception {
        LockHandle first = lock.acquire(PATIENCE);
        first.release();
        first.release();
        first.close();

        LockHandle next = OtherThread.call(() -> bed.open("X").acquire(PATIENCE));
        first.release(); // the late, repeated release of the previous holder
        first.close();

        assertTrue(next.isValid());
        assertEquals(List.of(next.entryName()), bed.entries("X"));
        next.release();
    }

    @Test
    void releaseAfterTheEntryWasRemovedThrowsCompromisedAndRemovesNothingElse() throws Exception {
        LockHandle held = lock.acquire(PATIENCE);
        String fence = bed.fs().readSymlink(bed.path("X.fence")).orElseThrow();
        // Someone ran "fslock break --force" on a live holder, and another owner got in.
        bed.fs().deleteFile(bed.path("X").resolve(held.entryName()));
        OwnerId intruder = bed.liveOwner();
        bed.putEntry("X", intruder);

        LockCompromisedException e = assertThrows(LockCompromisedException.class, held::release);

        assertTrue(e.getMessage().contains(bed.path("X").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(held.entryName()), e.getMessage());
        assertEquals(List.of(intruder.entryName()), bed.entries("X"), "the other owner's entry stays");
        assertEquals(List.of("X", "X.fence"), bed.names());
        assertEquals(fence, bed.fs().readSymlink(bed.path("X.fence")).orElseThrow(), "the fence is untouched");
        assertFalse(held.isValid());
        held.release(); // already released: no second exception
    }

    @Test
    void withLockRunsTheActionHoldingTheLockAndReturnsItsResult() throws Exception {
        String result = lock.withLock(PATIENCE, handle -> {
            assertTrue(handle.isValid());
            assertEquals(List.of(handle.entryName()), bed.entries("X"));
            return "done";
        });

        assertEquals("done", result);
        assertEquals(List.of("X.fence"), bed.names());
    }

    @Test
    void withLockReleasesWhenTheActionThrows() throws Exception {
        IllegalStateException failure = new IllegalStateException("the work failed");
        LockHandle[] seen = new LockHandle[1];

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> lock.withLock(PATIENCE, handle -> {
            seen[0] = handle;
            throw failure;
        }));

        assertSame(failure, thrown);
        assertFalse(seen[0].isValid());
        assertEquals(List.of("X.fence"), bed.names());
        assertTrue(lock.tryAcquire().orElseThrow().isValid(), "and this thread may take it again");
    }

    @Test
    void staticWithLockReleasesWhenTheActionThrows() throws Exception {
        assumeTrue(backend == LockBed.Backend.REAL_FILESYSTEM, "the static form opens the lock on the real filesystem");
        Path path = bed.path("X");

        assertThrows(java.io.FileNotFoundException.class, () -> FsLock.withLock(path, PATIENCE, handle -> {
            assertTrue(handle.isValid());
            throw new java.io.FileNotFoundException("checked exceptions pass through");
        }));

        assertEquals(List.of("X.fence"), bed.names());
        long first = Long.parseLong(bed.fs().readSymlink(bed.path("X.fence")).orElseThrow());
        assertTrue(FsLock.withLock(path, PATIENCE, LockHandle::fencingToken) > first, "the lock was released and taken again");
    }

    @Test
    void handleMayBeReleasedFromAnotherThread() throws Exception {
        LockHandle held = lock.acquire(PATIENCE);

        OtherThread.call(() -> {
            held.release();
            return null;
        });

        assertFalse(held.isValid());
        assertEquals(List.of("X.fence"), bed.names());
        LockHandle again = lock.acquire(PATIENCE); // not "already held by this thread"
        assertTrue(again.isValid());
        again.release();
    }

    @Test
    void failedAcquisitionOfAnotherThreadDoesNotDisturbTheHolder() throws Exception {
        try (LockHandle held = lock.acquire(PATIENCE)) {
            Throwable failure = OtherThread.start("late", () -> bed.open("X").acquire(Duration.ofMillis(50))).joinFailure();

            assertInstanceOf(LockTimeoutException.class, failure);
            assertTrue(held.isValid());
            assertEquals(List.of(held.entryName()), bed.entries("X"));
        }
    }
}
