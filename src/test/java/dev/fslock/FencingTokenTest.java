package dev.fslock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Fencing tokens: strictly larger than every token handed out before, across acquisitions, lock
 * instances and crashed holders; kept in {@code X.fence}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LockBed.Backend.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FencingTokenTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Parameter LockBed.Backend backend;
    @TempDir Path tempDir;
    LockBed bed;

    @BeforeEach
    void setUp() {
        bed = backend.create(tempDir);
    }

    @Test
    void firstTokenIsOneAndEachAcquisitionGetsTheNext() throws Exception {
        FsLock lock = bed.open("X");
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (LockHandle held = lock.acquire(PATIENCE)) {
                tokens.add(held.fencingToken());
            }
        }

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), tokens);
    }

    @Test
    void tokensGrowAcrossInstancesAndThreads() throws Exception {
        FsLock a = bed.open("X");
        FsLock b = bed.open("X");
        long previous = 0;
        for (int i = 0; i < 3; i++) {
            long fromA;
            try (LockHandle held = a.acquire(PATIENCE)) {
                fromA = held.fencingToken();
            }
            long fromB = OtherThread.call(() -> {
                try (LockHandle held = b.acquire(PATIENCE)) {
                    return held.fencingToken();
                }
            });
            assertTrue(previous < fromA && fromA < fromB, previous + " < " + fromA + " < " + fromB);
            previous = fromB;
        }
    }

    @Test
    void tokenIsPersistedInTheFenceFile() throws Exception {
        FsLock lock = bed.open("X");
        long token;
        try (LockHandle held = lock.acquire(PATIENCE)) {
            token = held.fencingToken();
            assertEquals(Optional.of(Long.toString(token)), bed.fs().readSymlink(bed.path("X.fence")), "X.fence -> token");
        }

        assertEquals(Optional.of(Long.toString(token)), bed.fs().readSymlink(bed.path("X.fence")), "release keeps the fence");
        assertEquals(token, lock.status().lastToken());
    }

    @Test
    void tokenContinuesFromTheFenceFileInANewInstance() throws Exception {
        bed.fs().createSymlink(bed.path("X.fence"), "41"); // left by earlier processes

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(42, held.fencingToken());
        }
    }

    @Test
    void aHandWrittenRegularFenceFileIsReadAndReplacedByALink() throws Exception {
        bed.putFile(bed.path("X.fence"), "41\n"); // the remedy for a corrupt fence, done with an editor

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(42, held.fencingToken());
        }
        assertEquals(Optional.of("42"), bed.fs().readSymlink(bed.path("X.fence")));
    }

    @Test
    void tokenGrowsPastACrashedHolder() throws Exception {
        // A holder took token 41 and crashed holding the lock: its entry is still in X.
        bed.putFile(bed.path("X.fence"), "41\n");
        OwnerId crashed = bed.deadOwner();
        bed.putEntry("X", crashed);

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(42, held.fencingToken());
            assertEquals(List.of(held.entryName()), bed.entries("X"), "the dead holder's entry was broken");
        }
    }

    @Test
    void crashBeforeTheFenceRenameHandsOutNoToken() throws Exception {
        // A holder crashed after writing its fence temp (token 42) but before renaming it: 42 was
        // never handed out, and the temp is not mistaken for the fence.
        bed.putFile(bed.path("X.fence"), "41\n");
        OwnerId crashed = bed.deadOwner();
        bed.putEntry("X", crashed);
        bed.fs().createSymlink(bed.path(".X.fence." + crashed.entryName()), "42");

        try (LockHandle held = bed.open("X").acquire(PATIENCE)) {
            assertEquals(42, held.fencingToken());
        }
        assertEquals(Optional.of("42"), bed.fs().readSymlink(bed.path("X.fence")));
    }

    @Test
    void corruptFenceIsReportedNeverRepairedAndTheLockIsReleased() throws Exception {
        bed.putFile(bed.path("X.fence"), "not a number\n");
        FsLock lock = bed.open("X");

        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.acquire(PATIENCE));

        assertTrue(e.getMessage().contains(bed.path("X.fence").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt fence"), e.getMessage());
        assertTrue(e.getMessage().contains("ln -sfn"), e.getMessage());
        assertEquals("not a number\n", bed.read(bed.path("X.fence")).orElseThrow());
        assertEquals(List.of("X.fence"), bed.names(), "no entry, no temp dir, no fence temp left");
        assertFalse(lock.status().state() == LockStatus.State.HELD);
    }
}
